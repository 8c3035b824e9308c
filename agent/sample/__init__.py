"""Bundled offline demo sample: invented company sites, job boards, notes and an ICP."""
