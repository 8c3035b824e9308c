"""Industry keywords in Spanish, Italian, Dutch and Portuguese, added to `industries`' table.

Lower-case regex fragments matched on word boundaries, like the English, German and French ones
in `tools.firmographics.industries.CANONICAL_INDUSTRIES`: "logística", "produzione",
"verzekeringen", "operador logístico", "costruiamo".
"""

from __future__ import annotations

MORE_KEYWORDS: dict[str, tuple[str, ...]] = {
    "Financial Services": ("finanzas", "financier[oa]s?", "banca", "bancari[oa]s?", "pagos",
                           "finanza", "pagamenti", "financiële", "betalingen", "pagamentos",
                           "financeir[oa]s?", "préstamos", "prestiti", "leningen", "crédito"),
    "Insurance": ("seguros?", "asegurador\\w*", "assicura\\w*", "verzeker\\w*", "segurador\\w*"),
    "Healthcare": ("salud", "sanidad", "sanitari[oa]s?", "sanità", "salute", "gezondheidszorg",
                   "zorg", "saúde", "clínicas?", "cliniche", "ospedal[ei]", "hospitales",
                   "pacientes", "pazienti", "patiënten"),
    "Logistics & Transportation": ("logística", "logistica", "logistiek", "transporte",
                                   "trasporti", "spedizioni", "vervoer", "transportes",
                                   # "operador logístico", "operatore logistico", couriers
                                   "logístic[oa]s?", "logistic[oi]", "logistieke?",
                                   "paqueter[ií]a", "mensajer[ií]a", "corrier[ei]",
                                   "spedizionier[ei]", "transportistas?", "vervoerders?",
                                   "pakketbezorging", "transportadoras?"),
    "Manufacturing": ("fabricante", "fabricación", "produzione", "produttore", "fabbrica",
                      "fabrikant", "productie", "fabricação", "fábrica", "mecanizado",
                      "lavorazioni meccaniche", "meccanica di precisione", "precisiebewerking",
                      "maquinaria", "macchinari", "componenti", "costruiamo",
                      "stabiliment[oi]", "fabbricant[ei]", "fabricantes", "fabrikanten",
                      "productiebedrijf", "fábricas"),
    "Education": ("educación", "formación", "istruzione", "formazione", "onderwijs", "educação",
                  "ensino", "escuelas?", "scuol[ae]", "scholen", "escolas?"),
    "Marketing & Advertising": ("publicidad", "agencia de marketing", "pubblicità",
                                "agenzia di (?:marketing|comunicazione)", "reclame",
                                "reclamebureau", "publicidade", "agência de marketing"),
    "E-commerce & Retail": ("comercio electrónico", "tiendas? online", "negozio online",
                            "abbigliamento", "webwinkel", "kleding", "loja online", "vestuário",
                            "ropa", "calzado", "scarpe"),
    "Real Estate": ("inmobiliari[oa]s?", "immobiliar[ei]", "vastgoed", "imobiliári[oa]s?"),
    "Construction": ("construcción", "edilizia", "costruzioni", "bouwbedrijf", "construção"),
    "Energy & Utilities": ("energía", "energia", "energias? renováveis", "energías renovables",
                           "energie rinnovabili", "duurzame energie"),
    "Human Resources & Staffing": ("recursos humanos", "risorse umane", "personeelszaken",
                                   "recrutamento", "reclutamiento", "nóminas", "buste paga",
                                   "salarisadministratie", "folha de pagamento"),
    "Legal": ("abogados", "avvocati", "advocaten", "advogados", "despacho de abogados",
              "studio legale", "advocatenkantoor"),
    "Consulting & Professional Services": ("consultoría", "consulenza", "adviesbureau",
                                           "consultoria"),
    "Hospitality & Travel": ("hostelería", "turismo", "ospitalità", "horeca", "hotelaria",
                             "hoteles", "alberghi"),
    "Agriculture & Food": ("agricultura", "alimentación", "agricoltura", "alimentare",
                           "landbouw", "voedingsmiddelen", "alimentos", "agroalimentare"),
    "Telecommunications": ("telecomunicaciones", "telecomunicazioni", "telecomunicações"),
}  # fmt: skip
