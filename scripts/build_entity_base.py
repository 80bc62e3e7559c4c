"""Build Wirewatch's entity base from the open data in ../shared/data/gazetteers.

    .venv/bin/python scripts/build_entity_base.py [--out DIR]

Writes one YAML file per source licence into agents/resources/ (the tagger loads them all):

| file | entities | source | licence |
|---|---|---|---|
| entities_core.yaml | curated people, places, organisations | Wirewatch (hand-curated) | Apache-2.0 |
| entities_foreign_ministers.yaml | foreign ministers of the G20 and EU states, recent years | Wirewatch (hand-curated) | Apache-2.0 |
| entities_agencies.yaml | news agencies | Wirewatch (hand-curated) | Apache-2.0 |
| entities_countries.yaml | countries: German and English names | mledoze/countries; QIDs from every-politician world-leaders-2021 (Wikidata) | ODbL 1.0 / CC0 |
| entities_organisations.yaml | international organisations | confirmordeny/supraverden; German abbreviations curated (scripts/curated) | CC BY-SA 4.0 |
| entities_leaders.yaml | heads of state and government 2021- | every-politician world-leaders-2021 (Wikidata) | CC0 |
| entities_capitals.yaml | capitals: English and German names | mledoze/countries; German names curated (scripts/curated) | ODbL 1.0 |
| entities_parties.yaml | German parties: names and acronyms | OpenParliamentTV (Wikidata); acronyms curated (scripts/curated/parties_de.yaml) | CC0 |

Countries also get their German adjectives (stems; the tagger declines them) and demonyms from
scripts/curated/countries_de.yaml (countries of the core file carry them there by hand); the
tagger links these words with method "derived".

Beside them, `entities_extended.tsv.gz` (gzip, tab-separated: qid, type, name, aliases, prior,
country, party, description, sources) holds the Wikidata-keyed entities of ../shared/data/entities (people
of Pantheon and the Bundestag, parties and parliamentary groups, countries, regions, cities) that
the files above lack. The tagger links them only through the NER model's mentions, with type
agreement (never by scanning text for their names: tens of thousands of place names include
ordinary words), and where a name fits several, by their prior (Pantheon's popularity index; fixed
values by kind otherwise). Sources and licences: Pantheon 1.0 (CC BY 4.0, Yu et al. 2016), Wikidata
(CC0) through OpenParliamentTV and the Bundestag's member data, dr5hn/countries-states-cities (ODbL
1.0; its city QIDs are unreliable: cities get the lowest prior).

`entities_ww_ids.tsv` lists the entities that keep a `ww:` id, each with the reason no source
gives it a QID.

Entities of the hand-curated files win: a generated entity with the same id only adds aliases. An alias
(case- and diacritic-folded) that two entities share is dropped from the generated one, so that
every alias names exactly one entity. Deterministic: sorted output.
"""

from __future__ import annotations

import csv
import functools
import gzip
import io
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "data" / "gazetteers"
OUT = REPO / "agents" / "resources"

# English country names that are also common words or first names: they would link ordinary text.
AMBIGUOUS_NAMES = {"Jordan", "Chad", "Georgia", "Turkey", "Guinea", "Dominica"}
# Names the leaders list spells differently from the countries list.
COUNTRY_ALIASES = {"East Timor": "Timor-Leste", "The Bahamas": "Bahamas", "The Gambia": "Gambia",
                   "Turkey": "Türkiye"}


def fold(text: str) -> str:
    out = []
    for char in text:
        base = unicodedata.normalize("NFD", char)[0].lower()
        out.append(base)
    return "".join(out)


def latin(text: str) -> bool:
    return all(not ch.isalpha() or unicodedata.name(ch, "").startswith("LATIN") for ch in text)


def usable(alias: str) -> bool:
    """Long enough not to be a code, Latin script, not an ambiguous word."""
    return len(alias) >= 4 and latin(alias) and alias not in AMBIGUOUS_NAMES


CURATED = REPO / "scripts" / "curated" / "countries_de.yaml"
# States of limited recognition that news covers as countries (mledoze: not "independent").
PARTLY_RECOGNISED = {"Palestine", "Taiwan", "Kosovo", "Western Sahara"}
# Hand-curated entity files: authoritative over the generated ones.
CURATED_FILES = ("entities_core.yaml", "entities_foreign_ministers.yaml", "entities_agencies.yaml")
# Capitals whose names are ordinary words or names of many other places.
AMBIGUOUS_CAPITALS = {"Male", "Victoria", "Kingston", "Hamilton", "Georgetown", "Saint John's",
                      "Praia", "Apia", "Castries", "Roseau", "Avarua", "Alofi"}


def curated() -> dict[str, dict]:
    return yaml.safe_load(CURATED.read_text("utf-8"))


def capitals(country_ids: dict[str, str]) -> list[dict]:
    german = curated()
    out = []
    for country in json.loads((DATA / "countries_mledoze.json").read_text("utf-8")):
        common = country["name"]["common"]
        if (not country.get("independent") and common not in PARTLY_RECOGNISED) or common not in country_ids or not country.get("capital"):
            continue
        english = country["capital"][0]
        name = german.get(common, {}).get("capital_de", english)
        # three letters are enough for a capital (Rom); case rules keep ROM and rom apart
        aliases = [a for a in dict.fromkeys([name, english])
                   if (usable(a) or (len(a) == 3 and latin(a))) and a not in AMBIGUOUS_CAPITALS]
        if aliases:
            slug = re.sub(r"[^a-z0-9]+", "-", fold(english)).strip("-")
            out.append({"id": f"ww:city-{slug}", "type": "LOC", "name": aliases[0], "aliases": aliases,
                        "capital_of": country_ids[common]})
    return out


@functools.lru_cache(maxsize=1)
def entity_rows() -> list[dict[str, str]]:
    """The rows of ../shared/data/entities/entities_de.tsv, read once."""
    with (REPO.parent / "shared" / "data" / "entities" / "entities_de.tsv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


@functools.lru_cache(maxsize=1)
def country_items() -> dict[str, str]:
    """German country name -> the QID the entity data gives the country itself."""
    return {r["label_de"]: r["qid"] for r in entity_rows() if "dr5hn_country" in r["sources"] and r["label_de"]}


@functools.lru_cache(maxsize=1)
def country_names() -> dict[str, list[str]]:
    """QID -> the German label the entity data gives a country. (Its other names are native and
    English forms, some of them words or first names elsewhere: Maurice, Komori.)"""
    return {r["qid"]: [r["label_de"]] for r in entity_rows()
            if "dr5hn_country" in r["sources"] and r["label_de"] and r["label_de"] not in CUT_LABELS}


# German labels the entity data has cut short (Mexiko, Moldawien).
CUT_LABELS = {"Mexibr", "Moldawie"}


def country_item(german_name: str, leaders_qid: str | None) -> str | None:
    """The country's QID: the entity data's item for the country itself where it has one (news
    means Denmark, Q35, not the Kingdom of Denmark with Greenland, Q756617; the Netherlands Q55,
    not the Kingdom Q29999), else the leaders list's."""
    return country_items().get(german_name) or leaders_qid


def countries(leader_qids: dict[str, str]) -> list[dict]:
    german = curated()
    out = []
    for country in json.loads((DATA / "countries_mledoze.json").read_text("utf-8")):
        if not country.get("independent") and country["name"]["common"] not in PARTLY_RECOGNISED:
            continue
        eng = country["name"]
        deu = country["translations"].get("deu", {})
        qid = leader_qids.get(eng["common"]) or leader_qids.get(eng["official"])
        qid = country_item(deu.get("common") or eng["common"], qid)
        entity_id = qid or f"ww:country-{country['cca3'].lower()}"
        name = deu.get("common") or eng["common"]
        aliases = [deu.get("common"), deu.get("official"), eng["common"], eng["official"],
                   *country.get("altSpellings", [])]
        aliases = [a for a in dict.fromkeys(a for a in aliases if a) if usable(a)]
        if name not in aliases:
            aliases.insert(0, name)
        # The entity data's German label of the same item (Weißrussland for Belarus,
        # Elfenbeinküste for Côte d'Ivoire).
        aliases += [a for a in country_names().get(entity_id, []) if a not in aliases and usable(a)]
        entity = {"id": entity_id, "type": "LOC", "name": name, "aliases": aliases}
        words = german.get(eng["common"], {})
        entity["aliases"] += [a for a in words.get("aliases", []) if a not in entity["aliases"]]
        for field in ("adjectives", "demonyms"):
            if words.get(field):
                entity[field] = words[field]
        out.append(entity)
    return out


def organisations() -> list[dict]:
    extra = yaml.safe_load((REPO / "scripts" / "curated" / "organisations_de.yaml").read_text("utf-8"))
    out = []
    with (DATA / "intl_orgs_de.tsv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            if not re.fullmatch(r"Q\d+", row["wikidata"] or ""):
                continue  # no Wikidata item in the source: nothing stable to link to
            names_de = [n for n in (row.get("names_de") or "").split("|") if n]
            abbreviations = [a for a in (row.get("abbreviations") or "").split("|") if 2 <= len(a) <= 8]
            name = names_de[0] if names_de else row["name_en"]
            aliases = [a for a in dict.fromkeys([name, *names_de, row["name_en"], *abbreviations])
                       if latin(a) and (len(a) >= 4 or a in abbreviations)]
            curated_words = extra.get(row["wikidata"], {})
            aliases += [a for a in curated_words.get("aliases", []) if a not in aliases]
            aliases = [a for a in aliases if a not in curated_words.get("drop", [])]
            entity = {"id": row["wikidata"], "type": "ORG", "name": name, "aliases": aliases}
            exact = [a for a in [*abbreviations, *curated_words.get("exact", [])] if a in aliases]
            if exact:  # acronyms match in their own case only: CARE is not "Care-Arbeit"
                entity["exact"] = exact
            out.append(entity)
    return out


def parties() -> list[dict]:
    """German parties with the press's names for them; QIDs from OpenParliamentTV's parties."""
    curated_names = yaml.safe_load((REPO / "scripts" / "curated" / "parties_de.yaml").read_text("utf-8"))
    by_label = {p["label"]: p["id"] for p in json.loads((ENTITIES / "optv_parties.json").read_text("utf-8"))}
    out = []
    for label, words in curated_names.items():
        if label not in by_label:
            sys.exit(f"scripts/curated/parties_de.yaml: {label!r} is not a party of optv_parties.json")
        aliases = list(dict.fromkeys([label, *words.get("aliases", [])]))
        entity = {"id": by_label[label], "type": "ORG", "name": label, "aliases": aliases}
        if words.get("exact"):
            entity["exact"] = words["exact"]
        out.append(entity)
    return out


NER = REPO.parent / "shared" / "data" / "ner"
PARTICLES = {"van", "von", "der", "de", "da", "del", "al", "el", "bin", "ibn", "le", "la", "du"}


def common_words() -> set[str]:
    """Words the NER corpora use outside entities: a surname among them is not linked alone."""
    words: set[str] = set()
    for name in ("germeval_dev.tsv", "smartdata_all.tsv", "mobie_train.tsv", "ler_dev.tsv"):
        path = NER / name
        if not path.is_file():
            continue
        for line in path.open(encoding="utf-8"):
            token, _, tag = line.rstrip("\n").partition("\t")
            if tag == "O" and token[:1].isupper():
                words.add(token)
    return words


def surname(full_name: str) -> str | None:
    """The family name of 'Given [Middle] [particles] Family', particles included."""
    tokens = full_name.split()
    if len(tokens) < 2:
        return None
    start = len(tokens) - 1
    while start > 1 and tokens[start - 1].lower() in PARTICLES:
        start -= 1
    return " ".join(tokens[start:])


def country_of_leader(countryid: str) -> str:
    """A leader's country as the countries file names it (the leaders list uses the realm's QID)."""
    realm_to_country = {"Q756617": "Q35", "Q29999": "Q55", "Q219060": "Q407199", "Q40362": "Q6250"}
    return realm_to_country.get(countryid, countryid)


def leaders(taken: set[str] = frozenset()) -> tuple[list[dict], dict[str, str]]:  # type: ignore[assignment]
    """Heads of state and government, and each country's QID; `taken`: folded aliases of other
    entities, which a family name must not repeat."""
    people: dict[str, dict] = {}
    country_qids: dict[str, str] = {}
    with (DATA / "world_leaders_2021_wikidata.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            country_qids.setdefault(COUNTRY_ALIASES.get(row["country"], row["country"]), row["countryid"])
            label = row["officeholderLabel"].strip()
            if not label or label.startswith("Q") or " " not in label or not latin(label):
                continue  # unlabelled or single-word names would link ordinary words
            people.setdefault(row["officeholder"], {
                "id": row["officeholder"], "type": "PER", "name": label, "aliases": [label],
                "country": country_of_leader(row["countryid"])})
    # The family name alone, as the press writes it after the first mention ("Steinmeier sagte"),
    # unless it is also an ordinary word (the corpora use it outside entities) or too short.
    # Many family names are shared (Williams, Costa, Maurer), so the tagger links a short name
    # only in a text that also names the person in full.
    common = common_words()
    for person in people.values():
        if " of " in person["name"]:
            continue  # "Harald V of Norway": a title, not a family name
        family = surname(person["name"])
        if family and re.match(r"(?:al|el|as|ad|ash)-[A-Z]", family):
            # An Arabic article: the press writes "Assad", "al-Assad" and "Al-Assad" ("el-Sisi", "Sisi")
            bare = family.split("-", 1)[1]
            forms = [bare, family, family[:1].upper() + family[1:], "Al-" + bare]
            if len(bare) >= 4 and bare not in common and fold(bare) not in taken:
                person["short"] = list(dict.fromkeys(forms))
            continue
        if (family and len(family) >= 4 and family[0].isupper() and family not in common
                and fold(family) not in taken):
            person["short"] = [family]  # linked only where the full name is in the same text
    return list(people.values()), country_qids


def without_core(core: list[dict], generated: list[dict]) -> list[dict]:
    """The core is authoritative: a generated entity with a core id is left out; so is a second
    entity with an id already given (a source listing one item twice)."""
    seen = {e["id"] for e in core}
    out = []
    for entity in generated:
        if entity["id"] not in seen:
            seen.add(entity["id"])
            out.append(entity)
    return out


def deduplicate(core: list[dict], files: dict[str, list[dict]]) -> int:
    """Drop from generated entities every alias that names another entity too."""
    owners: dict[str, set[str]] = {}
    for entity in core + [e for es in files.values() for e in es]:
        for alias in entity["aliases"]:
            owners.setdefault(fold(alias), set()).add(entity["id"])
    shorts: dict[str, set[str]] = {}
    for entity in [e for es in files.values() for e in es]:
        for short in entity.get("short", []):
            shorts.setdefault(fold(short), set()).add(entity["id"])
    for entities in files.values():
        for entity in entities:
            keep = [a for a in entity.get("short", [])
                    if len(shorts[fold(a)]) == 1 and fold(a) not in owners]
            if keep:
                entity["short"] = keep
            else:
                entity.pop("short", None)
    dropped = 0
    for entities in files.values():
        for entity in entities:
            keep = [a for a in entity["aliases"] if len(owners[fold(a)]) == 1]
            dropped += len(entity["aliases"]) - len(keep)
            entity["aliases"] = keep
            if "exact" in entity:
                entity["exact"] = [a for a in entity["exact"] if a in keep] or entity.pop("exact")
        entities[:] = [e for e in entities if e["aliases"]]
        for entity in entities:
            if entity["name"] not in entity["aliases"]:
                entity["name"] = entity["aliases"][0]
    return dropped


def write(path: Path, header: str, entities: list[dict]) -> None:
    entities = sorted(entities, key=lambda e: (e["type"], e["name"]))
    body = yaml.safe_dump({"version": 1, "entities": entities}, allow_unicode=True,
                          sort_keys=False, width=100, default_flow_style=None)
    path.write_text(header + body, encoding="utf-8")


ENTITIES = REPO.parent / "shared" / "data" / "entities"
# Priors where a source has no popularity figure: a region over a city of the same name (Georgia
# the state; Bayern over a village Bayern), a member of the Bundestag over a city.
PATRONYMIC_ENDINGS = ("witsch", "vich", "wich", "itsch", "owna", "ovna", "ewna", "evna", "jewna")
# Germany's sixteen states, by the QIDs the entity data gives them (Brandenburg is a town too).
GERMAN_STATES = {"Q980", "Q985", "Q64", "Q1208", "Q1209", "Q1055", "Q1199", "Q1196", "Q1197", "Q1198", "Q1200",
                 "Q1201", "Q1202", "Q1206", "Q1194", "Q1205"}
PRIOR_BY_SOURCE = {"dr5hn_country": 30.0, "dr5hn_state": 12.0, "optv": 14.0, "bundestag_mdb": 14.0,
                   "dr5hn_city": 5.0}


def extended(base: list[dict], country_ids: dict[str, str]) -> list[list[str]]:
    """Rows of entities_extended.tsv.gz: the shared entity data less what the base holds."""
    known = {e["id"] for e in base}
    pantheon: dict[str, dict] = {}
    with (ENTITIES / "pantheon_wikidata_de.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            pantheon[row["wikidata_id"]] = row
    members = {p["id"]: p for p in json.loads((ENTITIES / "optv_persons_de.json").read_text("utf-8"))}
    source_rows = entity_rows()
    # Names of well-known cities (birthplaces of three or more of Pantheon's people; the capitals): a region of
    # that name (New York State, the Land Salzburg, Istanbul Province) is left out, as the city
    # is what news means, and the city is not linkable (below).
    births = Counter(fold(p["city"]) for p in pantheon.values() if p.get("city"))
    city_names = {city for city, n in births.items() if n >= 3}  # a region stands in for a city rarely
    city_names |= {fold(a) for e in base if e["id"].startswith("ww:city-") for a in e["aliases"]}
    # ... and the German names of the source's own cities (Hannover, the city, beside the Region
    # Hannover): their QIDs are unreliable, their names are not
    city_names |= {fold(r["label_de"]) for r in source_rows
                   if "dr5hn_city" in r["sources"] and "dr5hn_state" not in r["sources"] and r["label_de"]}
    # ... and German towns someone of Pantheon was born in (Münster, not the Irish province the
    # source calls "Münster"), which the source lacks; Germany's own states keep their names.
    towns = {fold(line.strip()) for line in (DATA / "german_towns_osm.txt").read_text("utf-8").splitlines()}
    german_towns = {city for city in births if city in towns}
    rows = []
    for row in source_rows:
        qid, entity_type = row["qid"], row["type"]
        if qid in known or not re.fullmatch(r"Q\d+", qid):
            continue
        sources = row["sources"].split(",")
        if sources == ["dr5hn_city"]:
            continue  # city QIDs in that source are unreliable (its README; half wrong in a sample)
        if "dr5hn_state" in sources and "dr5hn_country" not in sources and (
            fold(row["label_de"]) in city_names or (fold(row["label_de"]) in german_towns and qid not in GERMAN_STATES)
        ):
            continue  # (Pantheon's "city" holds some regions too: Bavaria; the German label decides)
        name = row["label_de"] or next((a for a in row["aliases"].split(" | ") if a), "")
        names = [name, *(a for a in row["aliases"].split(" | ") if a)]
        if entity_type == "PER":
            # "Wladimir Wladimirowitsch Putin" is written "Wladimir Putin": a patronymic is
            # dropped (other middle names are not: Christian Lous Lange is no Christian Lange)
            names += [f"{t[0]} {t[-1]}" for n in list(names) if len(t := n.split()) == 3
                      and t[1].lower().endswith(PATRONYMIC_ENDINGS)]
        minimum = 2 if entity_type == "ORG" else 4
        aliases = [a for a in dict.fromkeys(n.strip() for n in names)
                   if len(a) >= minimum and latin(a) and "," not in a]
        if not aliases:
            continue
        person = pantheon.get(qid)
        member = members.get(qid)
        prior = (float(person["historical_popularity_index"]) if person and person["historical_popularity_index"]
                 else max(PRIOR_BY_SOURCE.get(s, 5.0) for s in sources))
        country = ""
        if person and person.get("country"):
            country = country_ids.get(person["country"], "")
        elif member or "bundestag_mdb" in sources:
            country = "Q183"
        description = (person or {}).get("description_de") or (member or {}).get("abstract") or ""
        party = (member or {}).get("partyID") or ""
        party = " ".join(party) if isinstance(party, list) else party  # some members: several
        rows.append([qid, entity_type, aliases[0], " | ".join(aliases), f"{prior:.2f}", country, party,
                     description.replace("\t", " ").replace("\n", " "), row["sources"]])
    return sorted(rows, key=lambda r: int(r[0][1:]))


def write_extended(path: Path, rows: list[list[str]]) -> None:
    text = io.StringIO()
    text.write("qid\ttype\tname\taliases\tprior\tcountry\tparty\tdescription\tsources\n")
    for row in rows:
        text.write("\t".join(row) + "\n")
    # mtime 0: the same data gives the same bytes (the rebuild test compares them)
    path.write_bytes(gzip.compress(text.getvalue().encode("utf-8"), compresslevel=9, mtime=0))


def main() -> None:
    out = Path(sys.argv[sys.argv.index("--out") + 1]) if "--out" in sys.argv else OUT
    if not DATA.is_dir():
        sys.exit(f"{DATA}: not found; the shared data sets live beside the repository")
    core = [e for name in CURATED_FILES for e in yaml.safe_load((OUT / name).read_text("utf-8"))["entities"]]
    _, country_qids = leaders()
    countries_ = without_core(core, countries(country_qids))
    organisations_ = without_core(core + countries_, organisations())
    taken = {fold(a) for e in core + countries_ + organisations_ for a in e["aliases"]}
    people, _ = leaders(taken)
    country_ids = {name: e["id"] for e in core + countries_ if e["type"] == "LOC" for name in e["aliases"]}
    files = {
        "countries": countries_,
        "organisations": organisations_,
        "leaders": without_core(core + countries_ + organisations_, people),
        "capitals": without_core(core + countries_ + organisations_, capitals(country_ids)),
        "parties": without_core(core + countries_ + organisations_, parties()),
    }
    dropped = deduplicate(core, files)
    sources = {
        "countries": "mledoze/countries (ODbL 1.0); QIDs from every-politician world-leaders-2021 (CC0)",
        "organisations": "confirmordeny/supraverden (CC BY-SA 4.0)",
        "leaders": "every-politician world-leaders-2021, Wikidata (CC0)",
        "capitals": "mledoze/countries (ODbL 1.0); German names hand-curated in scripts/curated",
        "parties": "OpenParliamentTV, Wikidata (CC0); press names hand-curated in scripts/curated",
    }
    for name, entities in files.items():
        header = (f"# Generated by scripts/build_entity_base.py from ../shared/data; do not edit.\n"
                  f"# Source and licence: {sources[name]}.\n")
        write(out / f"entities_{name}.yaml", header, entities)
        print(f"entities_{name}.yaml: {len(entities)} entities")
    print(f"aliases dropped as ambiguous: {dropped}")
    base = core + [e for es in files.values() for e in es]
    rows = extended(base, country_ids)
    write_extended(out / "entities_extended.tsv.gz", rows)
    print(f"entities_extended.tsv.gz: {len(rows)} entities")
    write_local_ids(out / "entities_ww_ids.tsv", base)


def local_id_reason(entity: dict) -> str:
    if entity["id"].startswith("ww:city-"):
        return ("capital: the entity data's city QIDs are unreliable (its README); where it has a region of the "
                "name, that region's QID is the city's only sometimes (Wien, Paris), not always (Madrid, Rom)")
    if entity["id"].startswith("ww:agency-"):
        return "news agency: no source here lists news agencies"
    if entity["type"] == "PER":
        return "person: in no source here (the entity data lacks current foreign politicians)"
    return "in no source here"


def write_local_ids(path: Path, base: list[dict]) -> None:
    """The entities that keep a ww: id, and why: ids only where no source gives a QID."""
    local = sorted((e for e in base if e["id"].startswith("ww:")), key=lambda e: e["id"])
    known = {(r["type"], fold(n)) for r in entity_rows() if "dr5hn_city" not in r["sources"]
             for n in [r["label_de"], *r["aliases"].split(" | ")] if n}
    covered = [e["name"] for e in local if not e["id"].startswith("ww:city-")
               and any((e["type"], fold(n)) in known for n in [e["name"], *e["aliases"]])]
    if covered:  # a source names it: it must take the source's QID, not keep a ww: id
        sys.exit(f"entities with a ww: id that the entity data knows: {covered}")
    lines = ["id\ttype\tname\treason"] + [f"{e['id']}\t{e['type']}\t{e['name']}\t{local_id_reason(e)}" for e in local]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"entities_ww_ids.tsv: {len(local)} entities keep a ww: id")


if __name__ == "__main__":
    main()
