"""One activity's network, funding, role, amounts and participants, drawn to look like what its type reports."""

from __future__ import annotations

import random

from .randomness import round_amount, weighted_choice
from .vocabulary import Profile, load

# Fallback networks when a sector's profile lists none of the type's own.
_DEFAULT_NETWORK = {
    "rete_tematica": "Eurocities",
    "progetto_ue_diretto": "Horizon Europe",
    "progetto_ue_concorrente": "Interreg Europe",
}

# Weights of the funding source by activity type (projects' sources follow from their type or network).
_FUNDING_WEIGHTS = {
    "rete_tematica": {"fondi_propri": 8, "nessuna": 2},
    "cooperazione_decentrata": {"fondi_propri": 4, "regione": 2, "privati": 3, "nazionale": 1},
    "gemellaggio_accordo": {"nessuna": 5, "fondi_propri": 4},
    "delegazione_ricevuta": {"nessuna": 8, "fondi_propri": 2},
    "missione_estero": {"fondi_propri": 6, "nessuna": 2, "ue_diretta": 1},
    "evento_internazionale": {"fondi_propri": 5, "privati": 3, "regione": 2, "ue_diretta": 1},
    "premio": {"nessuna": 1},
    "buone_pratiche": {"nessuna": 4, "fondi_propri": 3, "ue_diretta": 2, "ue_concorrente": 1},
    "promozione": {"fondi_propri": 5, "privati": 2, "regione": 2},
    "formazione": {"fondi_propri": 3, "ue_concorrente": 3, "ue_diretta": 2, "nessuna": 1},
    "progetto_nazionale_internazionale": {"nazionale": 1},
    "altro": {"fondi_propri": 3, "nessuna": 2},
}

_ROLE_WEIGHTS = {
    "rete_tematica": {"membro": 7, "membro_direttivo": 3},
    "progetto_ue_diretto": {"capofila": 2, "partner": 7, "partner_associato": 1},
    "progetto_ue_concorrente": {"capofila": 3, "partner": 7},
    "progetto_nazionale_internazionale": {"capofila": 4, "partner": 6},
    "cooperazione_decentrata": {"capofila": 5, "partner": 4, "finanziatore": 2},
    "gemellaggio_accordo": {"partner": 1},
    "delegazione_ricevuta": {"organizzatore": 1},
    "missione_estero": {"partecipante": 1},
    "evento_internazionale": {"organizzatore": 6, "partner": 2, "partecipante": 2},
    "premio": {"partecipante": 1},
    "buone_pratiche": {"partecipante": 5, "organizzatore": 4},
    "promozione": {"organizzatore": 5, "partecipante": 3},
    "formazione": {"organizzatore": 5, "partecipante": 4},
    "altro": {"organizzatore": 2, "partner": 1},
}

# (fewest, most, how often the count is filled in) of the people involved, by activity type.
_PARTICIPANTS = {
    "delegazione_ricevuta": (4, 30, 0.6),
    "missione_estero": (2, 8, 0.6),
    "evento_internazionale": (150, 60_000, 0.7),
    "buone_pratiche": (5, 40, 0.5),
    "formazione": (10, 200, 0.7),
    "promozione": (100, 20_000, 0.4),
    "progetto_ue_diretto": (50, 2_000, 0.25),
    "progetto_ue_concorrente": (50, 1_500, 0.25),
    "cooperazione_decentrata": (100, 5_000, 0.4),
}


def pick_network(rng: random.Random, profile: Profile, type_: str) -> str | None:
    allowed = load("networks.yaml")["by_type"].get(type_)
    if allowed is None:  # a type with no networks of its own: now and then one of the sector's
        return rng.choice(profile.networks) if rng.random() < 0.15 else None
    own = [n for n in profile.networks if n in allowed]
    if type_ == "progetto_nazionale_internazionale" and not own:
        own = ["AICS"] if profile.prefix == "COOP" else ["PNRR"]
    return rng.choice(own or [_DEFAULT_NETWORK[type_]])


def funding_source(rng: random.Random, type_: str, network: str | None) -> str:
    if type_ == "progetto_ue_diretto":
        return "ue_diretta"
    if type_ == "progetto_ue_concorrente":
        return "ue_concorrente"
    if network == "PNRR":
        return "pnrr"
    if network in ("AICS", "MAECI"):
        return "nazionale"
    return weighted_choice(rng, _FUNDING_WEIGHTS[type_])


def city_role(rng: random.Random, type_: str) -> str:
    return weighted_choice(rng, _ROLE_WEIGHTS[type_])


def _share(rng: random.Random, amount: float, lo: float, hi: float) -> float:
    """A part of ``amount`` between the fractions ``lo`` and ``hi``, rounded to 100 euros."""
    return float(round(amount * rng.uniform(lo, hi) / 100) * 100)


def amounts(rng: random.Random, type_: str, network: str | None) -> tuple[float | None, float | None, float | None]:
    """(total budget, EU contribution to the City, City co-funding)."""
    budget = eu = cofunding = None
    if type_ == "progetto_ue_diretto":
        budget = round_amount(rng, 200_000, 5_000_000, 1000)
        eu = round_amount(rng, 20_000, min(800_000, budget))
        # Horizon Europe pays its partners in full; LIFE asks for 40 %; the others for a share in between.
        share = 0.0 if network == "Horizon Europe" else (0.4 if network == "LIFE" else rng.uniform(0.05, 0.25))
        cofunding = float(round(eu * share / 100) * 100) if share else (None if rng.random() < 0.5 else 0.0)
    elif type_ == "progetto_ue_concorrente":
        if network == "URBACT":  # URBACT networks have small, similar budgets
            budget = round_amount(rng, 600_000, 850_000, 1000)
            eu = round_amount(rng, 50_000, 110_000)
        else:
            budget = round_amount(rng, 150_000, 3_000_000, 1000)
            eu = round_amount(rng, 20_000, min(600_000, budget))
        cofunding = _share(rng, eu, 0.1, 0.2)
    elif type_ == "progetto_nazionale_internazionale":
        budget = round_amount(rng, 100_000, 1_500_000, 1000)
        cofunding = round_amount(rng, 5_000, 50_000) if rng.random() < 0.6 else None
    elif type_ == "cooperazione_decentrata":
        budget = round_amount(rng, 10_000, 150_000) if rng.random() < 0.85 else None
        cofunding = _share(rng, budget, 0.2, 1.0) if budget and rng.random() < 0.7 else None
    elif type_ == "rete_tematica":
        if rng.random() < 0.5:  # the membership fee, paid by the City
            budget = round_amount(rng, 3_000, 40_000)
            cofunding = budget
    elif type_ == "missione_estero":
        if rng.random() < 0.5:  # travel costs, paid by the City
            budget = round_amount(rng, 1_500, 12_000, 50)
            cofunding = budget
    elif type_ in ("evento_internazionale", "promozione"):
        if rng.random() < 0.7:
            budget = round_amount(rng, 20_000, 800_000 if type_ == "evento_internazionale" else 300_000)
            cofunding = _share(rng, budget, 0.2, 0.8) if rng.random() < 0.6 else None
    elif type_ == "formazione":
        if rng.random() < 0.5:
            budget = round_amount(rng, 5_000, 120_000)
            if rng.random() < 0.4:
                eu = _share(rng, budget, 0.5, 0.9)
    elif type_ == "buone_pratiche":
        if rng.random() < 0.25:
            budget = round_amount(rng, 1_000, 15_000, 50)
    elif type_ == "altro":
        if rng.random() < 0.4:
            budget = round_amount(rng, 5_000, 200_000)
    return budget, eu, cofunding


def participants(rng: random.Random, type_: str) -> int | None:
    """How many people took part, or ``None`` when the sector left it empty (or the type has no audience)."""
    if type_ not in _PARTICIPANTS:
        return None
    lo, hi, filled_in = _PARTICIPANTS[type_]
    if rng.random() >= filled_in:
        return None
    # Log-uniform between the ranges' orders of magnitude: most counts are small, a few very large.
    value = int(round(10 ** rng.uniform(len(str(lo)) - 1, len(str(hi)) - 1 + 0.3)))
    value = min(max(value, lo), hi)
    return value if value < 100 else int(round(value, -1))
