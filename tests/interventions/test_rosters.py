"""Real values of the rebuilt partner rosters and IGO facts (issue 8): known history, checked against sources
of record in the curated files."""


from coalitionlab.interventions.curated import PUBLISHER_CLASSES, refused_reason


def _roster(data, iid):
    p = data.partners
    return p[p.intervention_id == iid].set_index("ccode")


def test_suez_exclusions_in_effect(data):
    # the U.K., France and Israel invaded Egypt in 1956 while the U.S. opposed them: not partners
    assert not {200, 220, 666} & set(_roster(data, "MIP273").index)
    r = data.evidence_rejected
    sue = r[(r.intervention_id == "MIP273") & (r.rule == "exclusion")]
    assert {200, 220, 666} <= set(sue.ccode) and sue.reason.str.contains("exclusions/").all()


def test_every_exclusion_is_in_effect(data):
    from coalitionlab.interventions.curated import load_curated_exclusions, load_curated_partners

    ex = load_curated_exclusions(data.interventions, load_curated_partners(data.interventions))
    assert len(ex) >= 50
    keys = set(zip(data.partners.intervention_id, data.partners.ccode, strict=True))
    assert not keys & set(zip(ex.intervention_id, ex.ccode, strict=True))


def test_korean_war_roster_is_complete(data):
    k = _roster(data, "MIP252")
    combat = {20, 100, 200, 210, 211, 212, 220, 350, 530, 560, 640, 732, 800, 840, 900, 920}  # Luxembourg 212
    medical = {325, 380, 385, 390, 750}  # Italy, Sweden, Norway, Denmark, India
    assert set(k.index) == combat | medical
    assert (k.loc[sorted(medical), "role"] == "support").all() and (k.loc[sorted(combat), "role"] == "combat").all()
    assert k.loc[200, "first_year"] == 1950 and k.loc[100, "first_year"] == 1951  # Colombia arrived in 1951


def test_iraq_2003_roster_with_windows(data):
    i = _roster(data, "MIP510")
    assert len(i) >= 35
    assert (i.loc[200, "last_year"], i.loc[200, "last_month"]) == (2011, 5)  # U.K. forces left in May 2011
    assert (i.loc[230, "last_year"], i.loc[230, "last_month"]) == (2004, 5)  # Spain withdrew in spring 2004
    assert i.loc[732, "role"] == "support"  # South Korea: engineers, medics, the Zaytun division
    assert 395 not in i.index  # Iceland: no source of record shows forces in Iraq


def test_inherent_resolve_and_no_fly_zones(data):
    syria = _roster(data, "MIP554")
    assert syria.loc[640, "first_year"] == 2015  # Turkey's strikes began in 2015
    assert (syria.loc[20, "last_year"], syria.loc[20, "last_month"]) == (2016, 2)  # Canada's strikes ended
    nfz = _roster(data, "MIP436")
    assert {200, 220, 640} <= set(nfz.index) and not {651, 652} & set(nfz.index)
    assert nfz.loc[220, "last_year"] == 1998  # France left Southern Watch in December 1998
    assert set(nfz.loc[nfz.role == "basing"].index) >= {670}  # Saudi Arabia: bases


def test_vietnam_and_the_gulf_war(data):
    v = _roster(data, "MIP316")
    assert {817, 732, 900, 920, 800} <= set(v.index) and v.loc[840, "role"] == "support"
    storm = _roster(data, "MIP437")
    assert len(storm) >= 30 and storm.loc[640, "role"] == "basing"  # Turkey opened Incirlik


def test_curated_sources_are_of_record(data):
    ev = data.evidence[data.evidence.source == "curated"]
    assert len(ev) >= 500
    assert set(ev.publisher_class) <= set(PUBLISHER_CLASSES) and ev.publisher.str.len().gt(2).all()
    assert not any(refused_reason(u) for u in ev.url)
    p = data.partners
    assert p.loc[p.ev_curated == 1, "publisher_class"].notna().all()


def test_igo_facts(data):
    iv = data.interventions.set_index("intervention_id")
    korea = iv.loc["MIP252"]
    assert korea.igo == "UN" and korea.un_authorized == 1 and "Resolution 83" in korea.igo_resolution
    kosovo = iv.loc["MIP483"]
    assert kosovo.nato_led == 1 and kosovo.un_authorized == 0  # Allied Force had no UN authorization
    assert iv.loc["MIP437", "igo_resolution"].startswith("UNSC Resolution 678")
    assert iv.loc["MIP510", "un_authorized"] == 0  # the 2003 invasion had none
    sponsored = iv[iv.igo_sponsored == 1]
    assert (sponsored.igo_kind.notna()).all()
    curated = sponsored[sponsored.igo_source.str.contains("curated")]
    assert len(curated) >= 20 and curated.igo.notna().all() and curated.igo_resolution.notna().all()


def test_dispute_records_reviewed(data):
    # a state on the U.S. side of a dispute record is not always a partner in the operation
    kosovo = set(_roster(data, "MIP483").index)
    assert not {212, 395, 343, 350} & kosovo  # Luxembourg, Iceland, Macedonia, Greece took no part in Allied Force
    assert {200, 220, 255, 325, 640} <= kosovo
    assert 200 not in _roster(data, "MIP283").index  # Blue Bat 1958: Britain ran its own Jordan operation
    assert 690 not in _roster(data, "MIP405").index  # Kuwait 1985-86: U.S. escorts began only in 1987
    assert _roster(data, "MIP393").loc[625, "role"] == "basing"  # Sudan hosted the AWACS, Chad 1983
    r = data.evidence_rejected
    assert (r.rule == "exclusion").sum() >= 20


def test_mid_only_rows_reviewed(data):
    p = data.partners
    assert (p.ev_curated == 1).all()  # MID records alone make no partner; reviewed rows became curated entries
    r = data.evidence_rejected
    assert {732, 713} <= set(r.loc[r.rule == "mid_uncorroborated", "ccode"])  # unconfirmed Korea/Taiwan rows
    assert 800 not in _roster(data, "MIP311").index  # Thailand's own border clashes with Cambodia
    assert {220, 490} <= set(_roster(data, "MIP393").index)  # France and Zaire in Chad, August 1983
    assert _roster(data, "MIP372").loc[210, "ev_curated"] == 1  # Anorak Express '80: Dutch forces named
