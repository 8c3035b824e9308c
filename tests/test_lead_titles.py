"""Contact titles: seniority and department on real job titles, and persona matching."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from agent.icp import load_icp
from agent.leads.persona_match import match_persona
from agent.leads.titles import parse_title
from agent.personas import DEPARTMENTS, SENIORITY_LEVELS

SAMPLE_ICP = Path(__file__).resolve().parents[1] / "agent" / "sample" / "icp.toml"

# Real job titles, verbatim from ../shared/realdata (Glassdoor postings and recorded ATS API
# responses; `test_real_titles_occur_in_realdata` checks that each one is there), labelled by
# hand: (title, seniority, department).
REAL_TITLES = [
    ("Market Data Analyst", "individual", "data"),
    ("Data Modeler", "individual", "data"),
    ("RESEARCH SCIENTIST - BIOLOGICAL SAFETY", "individual", "research"),
    ("BI & Platform Analytics Manager", "manager", "data"),
    ("Senior Scientist - Regulatory Submissions", "individual", "research"),
    ("Principal, Data Science - Advanced Analytics", "individual", "data"),
    ("Sr. Data Scientist - Analytics, Personalized Healthcare (PHC)", "individual", "data"),
    ("Business Development - Data Supply Partnerships (Veraset)", "individual", "sales"),
    ("Senior Insurance Data Scientist", "individual", "data"),
    ("Data Scientist, Senior", "individual", "data"),
    ("Associate Scientist", "individual", "research"),
    ("Consultant - Analytics Consulting", "individual", "data"),
    ("Scientist Manufacturing - Kentucky BioProcessing", "individual", "research"),
    ("Salesforce Analytics Consultant", "individual", "data"),
    ("Chief Scientist - Emerging Technology Center", "c-level", "research"),
    ("E-Commerce Data Analyst", "individual", "data"),
    ("Customer Data Scientist", "individual", "data"),
    ("Software Engineer - Data Visualization", "individual", "engineering"),
    ("Scientist - Analytical Services", "individual", "research"),
    ("Business Intelligence Analyst", "individual", "data"),
    ("Sr Scientist, Immuno-Oncology - Oncology", "individual", "research"),
    ("Data Engineer", "individual", "data"),
    ("Digital Health Data Scientist", "individual", "data"),
    ("Survey Data Analyst", "individual", "data"),
    ("Business Intelligence Analyst / Developer", "individual", "data"),
    ("Sr. Data Engineer - Contract-to-Hire (Java)", "individual", "data"),
    ("Sr. Data Scientist II", "individual", "data"),
    ("Radar Data Analyst", "individual", "data"),
    ("Big Data Engineer", "individual", "data"),
    ("Deep Learning/Computer Vision Scientist", "individual", "data"),
    ("Associate, Data Science, Internal Audit", "individual", "data"),
    ("Sr Data Analyst - IT", "individual", "data"),
    ("Data Engineer 5 - Contract", "individual", "data"),
    ("Lead Big Data Engineer", "individual", "data"),
    ("Staff Data Scientist - Technology", "individual", "data"),
    ("Data Engineer with R", "individual", "data"),
    ("Senior Scientist Protein/Oligonucleotides", "individual", "research"),
    ("Data Analytics Manager", "manager", "data"),
    ("Machine Learning Engineer", "individual", "data"),
    ("Sr Data Engineer (Sr BI Developer)", "individual", "data"),
    ("Data Scientist - Alpha Insights", "individual", "data"),
    ("Data Analyst / Scientist", "individual", "data"),
    ("Data Scientist - Quantitative", "individual", "data"),
    (
        "Product Engineer – Spatial Data Science and Statistical Analysis",
        "individual",
        "engineering",
    ),
    ("Data & Analytics Consultant (NYC)", "individual", "data"),
    ("Software Data Engineer - College", "individual", "data"),
    ("CONSULTANT– DATA ANALYTICS GROUP", "individual", "data"),
    ("Sr. Scientist Method Development", "individual", "research"),
    ("Data Scientist in Artificial Intelligence Early Career", "individual", "data"),
    ("Senior Director Biometrics and Clinical Data Management", "director", "data"),
    ("Senior Scientist - Biostatistician", "individual", "research"),
    ("Scientist - Biomarker and Flow Cytometry", "individual", "research"),
    ("Machine Learning Research Scientist", "individual", "data"),
    ("Senior Data & Machine Learning Scientist", "individual", "data"),
    ("Scientist, Product Development", "individual", "research"),
    ("Principal Scientist, Chemistry & Immunology", "individual", "research"),
    ("Lead Health Data Analyst - Front End", "individual", "data"),
    ("Environmental Scientist", "individual", "research"),
    ("Sr. Data Engineer (ETL Developer)", "individual", "data"),
    ("ENVIRONMENTAL ENGINEER/SCIENTIST", "individual", "engineering"),
    ("Clinical Scientist, Clinical Development", "individual", "research"),
    ("Senior Risk Data Scientist", "individual", "data"),
    (
        "Senior Data Scientist: Causal & Predictive analytics AI Innovation Lab",
        "individual",
        "data",
    ),
    ("Pharmacovigilance Scientist (Senior Pharmacovigilance)", "individual", "research"),
    ("Scientist, Immuno-Oncology", "individual", "research"),
    (
        "Lab Head, Principle Scientist, Dupixent/Type 2 Inflammation & Fibrosis - Cambridge, MA",
        "director",
        "research",
    ),
    ("Sr Expert Data Science, Advanced Visual Analytics (Associate level)", "individual", "data"),
    ("Sr. BI Data Engineer III", "individual", "data"),
    ("Data Science Intern", "individual", "data"),
    ("Senior Manager, Epidemiologic Data Scientist", "manager", "data"),
    ("Clinical Data Scientist", "individual", "data"),
    ("Senior Scientist - Toxicologist - Product Integrity (Stewardship)", "individual", "research"),
    ("Enterprise Architect, Data", "individual", "engineering"),
    ("Data Scientist, Office of Data Science", "individual", "data"),
    ("Associate Data Analyst- Graduate Development Program", "individual", "data"),
    ("Senior Data Scientist - R&D Oncology", "individual", "data"),
    ("Medical Technologist / Clinical Laboratory Scientist", "individual", "research"),
    ("Staff Scientist", "individual", "research"),
    ("Project Scientist - Auton Lab, Robotics Institute", "individual", "research"),
    ("Insurance Data Scientist", "individual", "data"),
    ("Junior Data Analyst", "individual", "data"),
    ("VP, Data Science", "vp", "data"),
    ("Scientist – Cancer Discovery, Molecular Assay", "individual", "research"),
    ("Research Scientist, Immunology - Cancer Biology", "individual", "research"),
    ("Data Scientist", "individual", "data"),
    ("Pricipal Scientist Molecular and cellular biologist", "individual", "research"),
    ("Data Scientist (Actuary, FSA or ASA)", "individual", "data"),
    ("Lead Data Scientist", "individual", "data"),
    ("Senior Research Statistician- Data Scientist", "individual", "data"),
    ("Sr. Data Analyst", "individual", "data"),
    ("Real World Evidence (RWE) Scientist", "individual", "research"),
    ("Director - Data, Privacy and AI Governance", "director", "data"),
    ("Associate Principal Scientist, Pharmacogenomics", "individual", "research"),
    ("Scientist", "individual", "research"),
    ("Sr. Data Scientist, Cyber-Security LT Contract", "individual", "data"),
    ("Director, Precision Medicine Clinical Biomarker Scientist", "director", "research"),
    ("Principal Data Engineer, Data Platform & Insights", "individual", "data"),
    ("Medical Laboratory Scientist", "individual", "research"),
    (
        "Associate Machine Learning Engineer / Data Scientist May 2020 Undergrad",
        "individual",
        "data",
    ),
    ("Associate Environmental Scientist - Wildlife Biologist", "individual", "research"),
    ("System and Data Analyst", "individual", "data"),
    ("Principal Data Scientist", "individual", "data"),
    ("Data Modeler - Data Solutions Engineer", "individual", "data"),
    ("Web Data Analyst", "individual", "data"),
    ("Senior LiDAR Data Scientist", "individual", "data"),
    ("APAC Sr. Localization Program Manager (Tinder Korea)", "individual", None),
    ("Account Executive, Majors", "individual", "sales"),
    ("Account Executive, Majors (APAC)", "individual", "sales"),
    ("Account Executive, Majors- Install Base (APAC)", "individual", "sales"),
    ("Administrative Business Partner", "individual", None),
    ("Android Engineer III", "individual", "engineering"),
    ("Android Software Engineer (Azar)", "individual", "engineering"),
    ("Apprenticeship - Junior Brand Copywriter", "individual", "marketing"),
    ("Apprenticeship - Junior Brand Designer", "individual", "design"),
    ("Back-end Engineer, Platform", "individual", "engineering"),
    ("Backend Engineer (Trust & Safety), Platform", "individual", "engineering"),
    ("Client Support Analyst I", "individual", "customer_success"),
    ("Clinical Coding Specialist ", "individual", None),
    ("DevRel Engineer, Agentic Infrastructure", "individual", "engineering"),
    ("Director of Forward Deployed Engineering", "director", "engineering"),
    ("Engineering Manager - Americas", "manager", "engineering"),
    ("Engineering Manager - Canada", "manager", "engineering"),
    ("Engineering Manager - EU", "manager", "engineering"),
    ("Engineering Manager - UK", "manager", "engineering"),
    ("Engineering Manager, CDN", "manager", "engineering"),
    ("Enterprise Account Executive - DACH", "individual", "sales"),
    ("Forward-Deployed Engineer", "individual", "engineering"),
    ("Founding Full Stack Engineer, AI Incubation", "individual", "engineering"),
    ("Member of Technical Staff", "individual", "engineering"),
    ("Mid Market Account Executive - EMEA (French Speaking)", "individual", "sales"),
    ("Product Support Specialist - Australia", "individual", "customer_success"),
    ("Software Engineer, Data Platform", "individual", "engineering"),
    ("Support Engineering Manager - Americas", "manager", "customer_success"),
]

# Titles as they appear in CRM exports, in English, French, German and Spanish, with the
# abbreviations and punctuation people use.
CRM_TITLES = [
    ("VP, Revenue Operations & Enablement", "vp", "revenue_operations"),
    ("Head of Sales Development (EMEA)", "director", "sales_development"),
    ("CRO", "c-level", "sales"),
    ("Directeur commercial", "director", "sales"),
    ("Directrice Commerciale France", "director", "sales"),
    ("Leiter Vertrieb", "director", "sales"),
    ("Vertriebsleiterin DACH", "director", "sales"),
    ("Geschäftsführer", "c-level", "executive"),
    ("Président-directeur général", "c-level", "executive"),
    ("Responsable commercial grands comptes", "manager", "sales"),
    ("Ingénieur commercial", "individual", "sales"),
    ("Jefe de Ventas", "director", "sales"),
    ("Co-Founder & CEO", "c-level", "executive"),
    ("Founder & CTO", "c-level", "engineering"),
    ("SVP Global Sales", "vp", "sales"),
    ("Vice President of Sales", "vp", "sales"),
    ("Sr. Dir. Marketing", "director", "marketing"),
    ("Mgr, Sales Ops", "manager", "revenue_operations"),
    ("RevOps Manager", "manager", "revenue_operations"),
    ("SDR Manager", "manager", "sales_development"),
    ("Senior SDR", "individual", "sales_development"),
    ("BDR - Outbound", "individual", "sales_development"),
    ("Enterprise AE", "individual", "sales"),
    ("Key Account Manager", "individual", "sales"),
    ("Customer Success Manager", "individual", "customer_success"),
    ("Director of Customer Success", "director", "customer_success"),
    ("Senior Product Manager", "individual", "product"),
    ("Manager, Product Management", "manager", "product"),
    ("Senior Software Engineer", "individual", "engineering"),
    ("Engineering Manager, Platform", "manager", "engineering"),
    ("CMO", "c-level", "marketing"),
    ("Head of Demand Generation", "director", "marketing"),
    ("CFO", "c-level", "finance"),
    ("Financial Controller", "individual", "finance"),
    ("Head of People", "director", "people"),
    ("Talent Acquisition Partner", "individual", "people"),
    ("General Counsel", "individual", "legal"),
    ("CISO", "c-level", "security"),
    ("IT Manager", "manager", "it"),
    ("Office Manager", "individual", "operations"),
    ("COO", "c-level", "operations"),
    ("Chief of Staff", "manager", "executive"),
    ("Managing Director", "c-level", "executive"),
    ("Owner", "c-level", "executive"),
    ("Team Lead, Support", "manager", "customer_success"),
    ("Salesforce Administrator", "individual", "revenue_operations"),
    ("Head of Procurement", "director", "procurement"),
    ("UX Designer", "individual", "design"),
]


@pytest.mark.parametrize(("title", "seniority", "department"), REAL_TITLES + CRM_TITLES)
def test_parse_title_reads_seniority_and_department(title, seniority, department):
    parsed = parse_title(title)
    assert (parsed.seniority, parsed.department) == (seniority, department)


def test_labelled_tables_are_large_and_use_known_values():
    assert len(REAL_TITLES) >= 100
    for _, seniority, department in REAL_TITLES + CRM_TITLES:
        assert seniority in SENIORITY_LEVELS
        assert department is None or department in DEPARTMENTS


def _realdata_titles(realdata: Path) -> set[str]:
    titles = set()
    with (realdata / "glassdoor-ds-jobs-2020" / "glassdoor_jobs.csv").open(encoding="utf-8") as f:
        titles.update(row["Job Title"] for row in csv.DictReader(f))
    for path in (realdata / "ats-api-fixtures").glob("*/*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        items = data.get("jobs", data.get("data", [])) if isinstance(data, dict) else data
        titles.update(item.get("title") or item.get("text") or "" for item in items)
    return titles


def test_real_titles_occur_in_realdata(realdata):
    titles = _realdata_titles(realdata)
    assert [t for t, _, _ in REAL_TITLES if t not in titles] == []


def test_every_glassdoor_title_gets_a_seniority_and_most_a_department(realdata):
    with (realdata / "glassdoor-ds-jobs-2020" / "glassdoor_jobs.csv").open(encoding="utf-8") as f:
        parsed = [parse_title(row["Job Title"]) for row in csv.DictReader(f)]
    assert len(parsed) == 956
    assert all(p.seniority in SENIORITY_LEVELS for p in parsed)
    with_department = sum(p.department is not None for p in parsed)
    assert with_department / len(parsed) >= 0.95
    # a data-science job board: data and research dominate, and no title reads as sales leadership
    assert sum(p.department in ("data", "research") for p in parsed) / len(parsed) >= 0.9
    assert not [p.title for p in parsed if p.department == "sales" and p.seniority != "individual"]


def test_empty_title_has_no_seniority():
    assert (parse_title("  ").seniority, parse_title("").department) == (None, None)


PERSONAS = [
    ("VP, Sales", "Revenue leader"),
    ("SVP Global Sales", "Revenue leader"),
    ("CRO", "Revenue leader"),
    ("Directeur commercial", "Revenue leader"),
    ("Leiter Vertrieb", "Revenue leader"),
    ("Director of Sales", "Revenue leader"),
    ("Head of Sales Development (EMEA)", "Sales development leader"),
    ("VP, Revenue Operations & Enablement", "Revenue operations"),
    ("Salesforce Administrator", "Revenue operations"),
    ("Co-Founder & CEO", "Founder or CEO"),
    ("Geschäftsführer", "Founder or CEO"),
    ("Account Executive, Majors (APAC)", "Sales rep"),
    ("Senior SDR", "Sales rep"),
    ("Senior Software Engineer", None),
    ("Data Scientist", None),
    ("Customer Success Manager", None),
    ("", None),
]


@pytest.mark.parametrize(("title", "persona"), PERSONAS)
def test_match_persona_on_the_sample_icp(title, persona):
    icp = load_icp(SAMPLE_ICP)
    match = match_persona(parse_title(title), icp.personas)
    assert (match.persona.name if match.persona else None) == persona
    assert match.reason


def test_match_persona_explains_a_seniority_miss():
    icp = load_icp(SAMPLE_ICP)
    assistant = match_persona(parse_title("Sales Director Assistant"), icp.personas)
    assert assistant.persona is not None and assistant.persona.name == "Sales rep"
    leaders_only = [p for p in icp.personas if p.name == "Revenue leader"]
    manager = match_persona(parse_title("Sales Director Assistant"), leaders_only)
    assert manager.persona is None
    assert (
        'nearest persona "Revenue leader": title matches "sales director", but seniority '
        "individual is not c-level or vp or director" in manager.reason
    )


def test_match_persona_prefers_the_longest_pattern():
    icp = load_icp(SAMPLE_ICP)
    # "head of sales" (Revenue leader) and "head of sales development" both occur
    match = match_persona(parse_title("Head of Sales Development"), icp.personas)
    assert match.persona is not None and match.persona.name == "Sales development leader"
