"""The blind sets (tests/data/blind): fictional articles and questions written without sight
of the engine, as regression guards at the figures this engine reaches.

These figures are below what issue 9 asks for (sure >= 0.75, sure-wrong <= 0.10, hit@1 >= 0.80
and a quote median <= 300 characters on every set): they measure how far the engine is from it
on articles it was not tuned on. A guard allows one question less (on topic: 1/36; off topic:
1/14) than was measured, so that a change trading one question for another passes, and a real
fall does not. Raise the figures when the engine improves.
"""

from pathlib import Path

import pytest
import yaml

from bot.kb import Answerer, build_knowledge_base
from bot.kb.semantic import SemanticModel
from tests.quality import figures

BLIND = Path(__file__).parent / "data" / "blind"
ON_TOPIC, OFF_TOPIC = 1 / 36, 1 / 14  # one question of each part
# hit1, hit3, sure, sure_wrong, false_abstain (2026-12-08, thirty-fourth session)
MEASURED = {
    "airbase": (0.833, 0.889, 0.67, 0.07, 0.0),
    "airline": (0.75, 0.944, 0.72, 0.07, 0.0),
    "airshow": (0.806, 0.861, 0.81, 0.14, 0.0),
    "algae": (0.75, 0.944, 0.72, 0.07, 0.0),
    "apiary": (0.722, 0.778, 0.75, 0.0, 0.0),
    "archive": (0.889, 1.0, 0.81, 0.0, 0.0),
    "auction": (0.694, 0.833, 0.67, 0.07, 0.0),
    "avalanche": (0.861, 0.944, 0.89, 0.07, 0.0),
    "bakery": (0.75, 0.889, 0.78, 0.14, 0.0),
    "bank": (0.806, 0.944, 0.72, 0.14, 0.0),
    "beekeepers": (0.806, 0.917, 0.81, 0.07, 0.0),
    "bikeshare": (0.778, 0.833, 0.75, 0.07, 0.0),
    "blackout": (0.944, 0.972, 0.81, 0.07, 0.0),
    "bookfair": (0.667, 0.889, 0.72, 0.0, 0.0),
    "border": (0.806, 0.833, 0.81, 0.0, 0.0),
    "breach": (0.778, 0.917, 0.72, 0.0, 0.0),
    "brewery": (0.75, 0.944, 0.81, 0.0, 0.0),
    "bridge": (0.833, 0.917, 0.86, 0.0, 0.0),
    "broadcaster": (0.722, 0.889, 0.67, 0.0, 0.0),
    "buscrash": (0.833, 0.917, 0.78, 0.14, 0.0),
    "buslanes": (0.667, 0.861, 0.72, 0.0, 0.0),
    "busnet": (0.806, 0.944, 0.78, 0.0, 0.0),
    "cablecar": (0.889, 0.972, 0.75, 0.0, 0.0),
    "camp": (1.0, 1.0, 0.89, 0.0, 0.0),
    "campus": (0.861, 1.0, 0.78, 0.0, 0.0),
    "canal": (0.806, 0.861, 0.72, 0.14, 0.056),
    "cardiology": (0.722, 0.861, 0.81, 0.14, 0.0),
    "cathedral": (0.806, 0.889, 0.78, 0.07, 0.0),
    "census": (0.806, 0.889, 0.72, 0.0, 0.0),
    "cheese": (0.861, 0.889, 0.81, 0.0, 0.028),
    "chess": (0.889, 0.917, 0.78, 0.0, 0.0),
    "chipplant": (0.806, 0.917, 0.81, 0.14, 0.056),
    "citywifi": (0.778, 0.833, 0.75, 0.14, 0.0),
    "coalmine": (0.806, 0.917, 0.78, 0.0, 0.0),
    "cocoa": (0.917, 1.0, 0.86, 0.21, 0.0),
    "copyright": (0.778, 0.889, 0.67, 0.21, 0.028),
    "coral": (0.833, 0.917, 0.81, 0.07, 0.0),
    "court": (0.889, 0.917, 0.86, 0.0, 0.0),
    "cricketbet": (0.806, 0.944, 0.67, 0.21, 0.0),
    "cropblight": (0.833, 0.889, 0.61, 0.0, 0.0),
    "curfew": (0.667, 0.806, 0.69, 0.14, 0.0),
    "currency": (0.722, 0.889, 0.72, 0.14, 0.0),
    "cyclone": (0.917, 0.972, 0.83, 0.07, 0.0),
    "dairy": (0.833, 0.889, 0.81, 0.07, 0.0),
    "dam": (0.861, 0.944, 0.86, 0.0, 0.0),
    "datacentre": (0.861, 0.944, 0.67, 0.0, 0.0),
    "depositscheme": (0.806, 0.917, 0.69, 0.07, 0.0),
    "desal": (0.861, 0.972, 0.67, 0.0, 0.0),
    "dockwork": (0.833, 0.917, 0.67, 0.0, 0.0),
    "dogtrack": (0.889, 0.972, 0.72, 0.21, 0.0),
    "doping": (0.583, 0.722, 0.75, 0.14, 0.028),
    "drones": (0.722, 0.889, 0.64, 0.07, 0.0),
    "drought": (0.806, 0.861, 0.78, 0.14, 0.0),
    "election": (0.833, 0.944, 0.78, 0.07, 0.0),
    "esports": (0.833, 0.972, 0.64, 0.07, 0.0),
    "exam": (0.833, 0.944, 0.72, 0.29, 0.0),
    "fareshike": (0.889, 0.972, 0.75, 0.07, 0.0),
    "feralhorses": (0.722, 0.833, 0.58, 0.0, 0.056),
    "ferry": (0.861, 0.972, 0.83, 0.07, 0.0),
    "ferrycable": (0.75, 0.806, 0.67, 0.14, 0.0),
    "ferryfire": (0.778, 0.861, 0.69, 0.07, 0.028),
    "ferrylink": (0.778, 0.944, 0.75, 0.0, 0.0),
    "fertilizer": (0.833, 0.889, 0.92, 0.14, 0.0),
    "festival": (0.611, 0.806, 0.58, 0.0, 0.0),
    "fintech": (0.861, 0.944, 0.81, 0.0, 0.0),
    "fish": (0.75, 0.944, 0.83, 0.0, 0.0),
    "fishmarket": (0.75, 0.972, 0.64, 0.07, 0.0),
    "flood": (0.722, 0.833, 0.81, 0.0, 0.028),
    "forestry": (0.861, 0.944, 0.69, 0.0, 0.0),
    "gasleak": (0.75, 0.917, 0.72, 0.0, 0.0),
    "gazette": (0.667, 0.944, 0.75, 0.21, 0.0),
    "glacier": (0.722, 0.861, 0.83, 0.07, 0.0),
    "glacierhut": (0.75, 0.944, 0.67, 0.0, 0.0),
    "glassworks": (0.694, 0.806, 0.75, 0.07, 0.028),
    "goldmine": (0.861, 0.917, 0.83, 0.0, 0.0),
    "grain": (0.889, 0.944, 0.94, 0.07, 0.0),
    "gymchain": (0.639, 0.806, 0.58, 0.07, 0.056),
    "hailstorm": (0.75, 0.889, 0.72, 0.07, 0.0),
    "heatpump": (0.833, 0.833, 0.67, 0.0, 0.0),
    "heatwave": (0.806, 0.889, 0.83, 0.07, 0.0),
    "heritage": (0.778, 0.861, 0.78, 0.0, 0.0),
    "horsefair": (0.778, 0.889, 0.75, 0.07, 0.0),
    "hospital": (0.75, 0.889, 0.69, 0.21, 0.028),
    "hostage": (0.778, 0.889, 0.81, 0.0, 0.0),
    "housing": (0.889, 1.0, 0.86, 0.0, 0.0),
    "hydrogen": (0.75, 0.861, 0.58, 0.0, 0.028),
    "icebreaker": (0.722, 0.75, 0.67, 0.14, 0.0),
    "insulin": (0.861, 0.972, 0.78, 0.0, 0.0),
    "junta": (0.806, 0.917, 0.83, 0.07, 0.0),
    "landslide": (0.778, 0.861, 0.69, 0.07, 0.0),
    "library": (0.944, 1.0, 0.89, 0.0, 0.0),
    "lighthouse": (0.861, 0.944, 0.69, 0.07, 0.028),
    "lithium": (0.861, 0.972, 0.78, 0.07, 0.028),
    "locust": (0.833, 0.889, 0.78, 0.14, 0.0),
    "lottery": (0.75, 0.917, 0.67, 0.0, 0.028),
    "lottoscam": (0.722, 0.889, 0.64, 0.14, 0.028),
    "mangrove": (0.861, 0.917, 0.58, 0.07, 0.0),
    "marathon": (0.694, 0.861, 0.81, 0.07, 0.028),
    "marketfire": (0.861, 0.917, 0.61, 0.07, 0.0),
    "maternity": (0.778, 0.917, 0.78, 0.07, 0.0),
    "mayor": (0.806, 0.889, 0.64, 0.07, 0.0),
    "measles": (0.806, 0.917, 0.72, 0.07, 0.028),
    "meteorite": (0.611, 0.833, 0.64, 0.0, 0.028),
    "metro": (0.861, 0.917, 0.67, 0.07, 0.028),
    "mine": (0.917, 0.944, 0.78, 0.0, 0.028),
    "minimumwage": (0.75, 0.889, 0.72, 0.07, 0.0),
    "monastery": (0.806, 0.917, 0.72, 0.07, 0.0),
    "museum": (0.889, 0.944, 0.78, 0.0, 0.0),
    "museumtheft": (0.75, 0.944, 0.69, 0.14, 0.0),
    "mushroom": (0.722, 0.889, 0.67, 0.0, 0.0),
    "observatory": (0.861, 0.889, 0.78, 0.07, 0.0),
    "olive": (0.806, 0.944, 0.86, 0.14, 0.0),
    "ombudsman": (0.861, 0.917, 0.78, 0.07, 0.0),
    "operahouse": (0.833, 0.889, 0.78, 0.07, 0.0),
    "orchardfrost": (0.778, 0.944, 0.75, 0.0, 0.0),
    "orchestra": (0.833, 0.917, 0.83, 0.14, 0.028),
    "orphanage": (0.722, 0.944, 0.75, 0.0, 0.0),
    "papermill": (0.722, 0.889, 0.78, 0.07, 0.0),
    "pension": (0.806, 0.917, 0.78, 0.0, 0.0),
    "pharmacy": (0.861, 0.917, 0.64, 0.07, 0.0),
    "pierfire": (0.806, 0.889, 0.72, 0.0, 0.0),
    "pilotstrike": (0.667, 0.861, 0.61, 0.07, 0.028),
    "pipeline": (0.806, 0.917, 0.83, 0.07, 0.0),
    "poaching": (0.889, 0.972, 0.89, 0.14, 0.0),
    "port": (0.806, 0.889, 0.78, 0.0, 0.0),
    "postal": (0.833, 0.889, 0.78, 0.07, 0.0),
    "press": (0.944, 0.972, 0.81, 0.0, 0.0),
    "prison": (0.861, 0.972, 0.75, 0.14, 0.0),
    "quake": (0.944, 0.944, 0.83, 0.07, 0.0),
    "quarantine": (0.833, 0.917, 0.61, 0.07, 0.0),
    "quarry": (0.833, 0.833, 0.86, 0.07, 0.028),
    "rabies": (0.75, 0.806, 0.64, 0.0, 0.0),
    "raid": (0.889, 0.972, 0.86, 0.07, 0.0),
    "rail": (0.778, 0.806, 0.72, 0.0, 0.0),
    "rarebooks": (0.75, 0.861, 0.69, 0.29, 0.028),
    "reactor": (0.806, 0.972, 0.78, 0.07, 0.0),
    "recycling": (0.889, 0.917, 0.75, 0.07, 0.0),
    "referendum": (0.806, 0.944, 0.72, 0.07, 0.0),
    "refinery": (0.889, 0.944, 0.83, 0.0, 0.0),
    "regulator": (0.861, 0.889, 0.72, 0.0, 0.028),
    "ricemill": (0.722, 0.833, 0.78, 0.14, 0.0),
    "ride": (0.694, 0.833, 0.67, 0.0, 0.056),
    "river": (0.833, 0.944, 0.78, 0.07, 0.0),
    "robotaxi": (0.861, 1.0, 0.58, 0.07, 0.0),
    "salmonfarm": (0.889, 0.944, 0.75, 0.07, 0.0),
    "saltworks": (0.667, 0.833, 0.67, 0.07, 0.0),
    "sandmining": (0.75, 0.917, 0.75, 0.0, 0.0),
    "satellite": (0.861, 0.917, 0.67, 0.0, 0.0),
    "schoolclosure": (0.722, 0.944, 0.75, 0.07, 0.0),
    "schoolmeals": (0.917, 0.972, 0.89, 0.14, 0.0),
    "seawall": (0.722, 0.889, 0.67, 0.07, 0.0),
    "seaweed": (0.861, 0.917, 0.81, 0.14, 0.0),
    "seedbank": (0.778, 0.917, 0.78, 0.0, 0.0),
    "sewage": (0.806, 0.917, 0.72, 0.21, 0.0),
    "shipwreck": (0.806, 0.917, 0.72, 0.0, 0.0),
    "shipyard": (0.833, 0.944, 0.86, 0.0, 0.028),
    "silkmill": (0.722, 0.833, 0.69, 0.0, 0.0),
    "sinkhole": (0.75, 0.889, 0.61, 0.21, 0.0),
    "sirenfail": (0.75, 0.944, 0.67, 0.07, 0.0),
    "skiresort": (0.889, 0.972, 0.75, 0.07, 0.0),
    "smuggling": (0.944, 0.944, 0.83, 0.0, 0.0),
    "solarfarm": (0.778, 0.917, 0.75, 0.07, 0.0),
    "spaceport": (0.833, 0.917, 0.67, 0.21, 0.0),
    "spellingbee": (0.667, 0.861, 0.81, 0.07, 0.0),
    "stadium": (0.889, 0.944, 0.86, 0.0, 0.0),
    "stormasthma": (0.806, 0.861, 0.69, 0.14, 0.0),
    "strike": (0.778, 0.889, 0.78, 0.0, 0.0),
    "subseacable": (0.778, 0.861, 0.64, 0.0, 0.0),
    "sugarmill": (0.778, 0.944, 0.75, 0.07, 0.0),
    "sugartax": (0.75, 0.889, 0.75, 0.0, 0.0),
    "tannery": (0.861, 0.889, 0.75, 0.14, 0.0),
    "teaestate": (0.833, 0.972, 0.75, 0.14, 0.0),
    "telecom": (0.889, 0.917, 0.78, 0.0, 0.0),
    "textbooks": (0.833, 0.917, 0.78, 0.14, 0.0),
    "textile": (0.917, 0.944, 0.86, 0.0, 0.0),
    "theatre": (0.889, 0.944, 0.61, 0.07, 0.0),
    "toll": (0.833, 0.944, 0.75, 0.0, 0.0),
    "tramstrike": (0.833, 0.917, 0.75, 0.14, 0.0),
    "tramway": (0.722, 0.889, 0.81, 0.07, 0.0),
    "transplant": (0.806, 0.889, 0.78, 0.0, 0.0),
    "trawler": (0.833, 0.944, 0.75, 0.14, 0.0),
    "truckers": (0.75, 0.861, 0.81, 0.14, 0.0),
    "tunnel": (0.806, 0.944, 0.75, 0.07, 0.0),
    "tyreplant": (0.722, 0.889, 0.64, 0.0, 0.028),
    "vaccine": (0.889, 0.917, 0.72, 0.07, 0.0),
    "vineyard": (0.778, 0.889, 0.69, 0.14, 0.0),
    "volcano": (0.833, 0.917, 0.75, 0.0, 0.028),
    "warehouse": (0.861, 0.889, 0.89, 0.07, 0.0),
    "waterboard": (0.778, 0.944, 0.67, 0.07, 0.0),
    "waterpark": (0.917, 0.972, 0.78, 0.21, 0.0),
    "wetland": (0.833, 0.917, 0.78, 0.14, 0.0),
    "wildfire": (0.861, 0.889, 0.81, 0.0, 0.0),
    "windfarm": (0.806, 0.944, 0.81, 0.07, 0.0),
    "wintergames": (0.75, 0.806, 0.75, 0.0, 0.028),
    "wolves": (0.778, 0.861, 0.89, 0.14, 0.0),
    "zoo": (0.667, 0.833, 0.78, 0.14, 0.028),
}
# a set whose first quotes run longer than the 300 characters at the median, as
# measured: avalanche's sentences are long, and a sentence too long to quote whole is cut to
# the clauses that hold the question, up to 320 characters (300 loses more answers than it
# shortens: measured in the seventh session); mayor's at 301 since the second ranking of the
# eighth session, which puts first a longer quote for one of its questions; regulator's,
# written in the tenth session, at 307 as first measured (its sentences run long too)
LONG_QUOTES = {"avalanche": 310, "mayor": 301, "regulator": 307}


def _figures_of(name: str, model: SemanticModel) -> dict[str, float]:
    folder = BLIND / name
    data = yaml.safe_load((folder / "questions.yaml").read_text(encoding="utf-8"))
    on, off = data["on_topic"], data["off_topic"]
    answerer = Answerer(build_knowledge_base(folder, semantic=model))
    return figures(on, [answerer.answer(q["q"]).to_json() for q in on],
                   [answerer.answer(q["q"]).to_json() for q in off])


@pytest.mark.parametrize("name", sorted(MEASURED))
def test_blind_set_keeps_its_figures(name, semantic):
    figs = _figures_of(name, semantic)
    hit1, hit3, sure, sure_wrong, false_abstain = MEASURED[name]
    margin = ON_TOPIC + 0.005
    assert figs["hit1"] >= hit1 - margin, figs
    assert figs["hit3"] >= hit3 - margin, figs
    assert figs["sure"] >= sure - margin, figs
    assert figs["sure_wrong"] <= sure_wrong + OFF_TOPIC + 0.005, figs
    assert figs["false_abstain"] <= false_abstain + margin, figs
    assert figs["quote_median"] <= LONG_QUOTES.get(name, 300), figs


def test_every_blind_set_is_guarded():
    assert sorted(p.name for p in BLIND.iterdir() if p.is_dir()) == sorted(MEASURED)
