"""The numpy scoring of py3langid's model against py3langid itself."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from py3langid.langid import MODEL_FILE, LanguageIdentifier, visit_counts

from agents.language import MODEL_DEPTH, language_model

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
CLEANING_PAGES = Path(__file__).resolve().parents[1] / "data" / "cleaning"

TEXTS = [
    "", "a", "Ölé", "ß", "Die Bundesregierung hat am Montag neue Maßnahmen beschlossen.",
    "BUNDESTAG BESCHLIESST HAUSHALT",  # all capitals: read in lower case
    "The government announced new measures on Monday to curb inflation.",
    "Правительство объявило в понедельник о новых мерах по борьбе с инфляцией.",
    "Η κυβέρνηση ανακοίνωσε τη Δευτέρα νέα μέτρα για την αντιμετώπιση του πληθωρισμού.",
    "الحكومة أعلنت يوم الاثنين عن إجراءات جديدة لمكافحة التضخم",
    "政府周一宣布了抑制通货膨胀的新措施。", "政府は月曜日、インフレ抑制の新たな措置を発表した。",
    "Hükümet pazartesi günü enflasyonla mücadele için yeni önlemler açıkladı.",
    "Rząd ogłosił w poniedziałek nowe środki walki z inflacją. 🇵🇱 #news @pap",
    "e\u0301tat décomposé: NFC joins it",  # combining accent
    "RT @ntvde: 7000 Festnahmen, 13.000 Entlassungen: Türkei erwägt Todesstrafe…",
    "\ud800 lone surrogate",
    "Влада је у понедељак објавила нове мере за борбу против инфлације.",  # Serbian has two columns
    "Hukumat dushanba kuni inflyatsiyaga qarshi yangi choralarni e'lon qildi.",  # so has Uzbek
]


def _texts() -> list[str]:
    pages = [path.read_text(encoding="utf-8") for path in sorted(CLEANING_PAGES.glob("*.tsv"))[:40]]
    seeds = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    return TEXTS + [text[:1000] for text in pages + seeds]


@pytest.fixture(scope="module")
def reference() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def test_model_depth_is_the_automatons_greatest_distance_from_its_start() -> None:
    model = language_model()
    seen = np.zeros(len(model.row_start), dtype=bool)
    seen[0] = True
    frontier, depth = np.array([0]), 0
    every_byte = np.arange(256, dtype=np.int32)
    while True:
        following = np.unique(model.next_state[(model.row_start[frontier][:, None] + every_byte).ravel()])
        following = following[~seen[following]]
        if not len(following):
            break
        seen[following] = True
        frontier, depth = following, depth + 1
    assert seen.all()
    assert depth == MODEL_DEPTH


def test_features_are_py3langids_on_many_scripts_and_pages(reference: LanguageIdentifier) -> None:
    model = language_model()
    texts = _texts()
    assert len(texts) > 50
    for text in texts:
        data = model.encode(text)
        assert data == reference._encode(text)
        expected = visit_counts(reference.tk_nextmove, reference._rowbase, reference.tk_output, data) or {}
        features, counts = model.features(data)
        assert dict(zip(features.tolist(), counts.tolist(), strict=True)) == dict(expected), text[:60]


def test_language_and_probability_are_py3langids(reference: LanguageIdentifier) -> None:
    model = language_model()
    for text in _texts():
        expected_language, expected_probability = reference.classify(text)
        language, probability = model.classify(text)
        assert language == expected_language, text[:60]
        assert probability == pytest.approx(expected_probability, abs=1e-5), text[:60]
