"""A monitor-shaped synthetic corpus for the benchmark: N incidents laid out like seeds/, from a fixed seed.

Shaped like a real monitor's corpus (issue 10): most sources external (a post or page with no
stored copy, ``EXTERNAL_SHARE``), about a fifth of the sources in Arabic (``ARABIC_SHARE``: Arabic
titles, stored texts and quotes made of real Arabic words, each quote found verbatim in its Arabic
stored text), most incidents with 1–8 claims and some with 10–30 (``BUSY_SHARE``), coordinates for
about half of the incidents at every precision, inside the incident country's bounding box
(``COORDINATES_SHARE``), and claimant names written in many near-identical ways ("Airwars",
"AIRWARS", "Airwars." …), all declared as aliases in ``claimants.yaml`` as a curator would, so
``check`` accepts them. Also: figures in every form of the vocabulary, quotes stored with curly
quotation marks and other spacing, reader comments, related incidents and three monthly series.
Everything is invented and labelled so (``Synthetic``): it exists only to measure and test the
pipeline, never to publish. The same seed writes the same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
from dataclasses import dataclass, field
from pathlib import Path

from build_scripts.model.figures import parse_figure
from build_scripts.model.records import COORDINATE_PRECISIONS
from build_scripts.write import write_file_atomic

EXTERNAL_SHARE = 0.7  # sources with no stored text
ARABIC_SHARE = 0.2  # sources (and so their quotes) in Arabic
BUSY_SHARE = 0.08  # incidents with 10–30 claims (the others have 1–8)
COORDINATES_SHARE = 0.5  # incidents with coordinates

_FIGURE_FORMS = (
    "{n}", "{big}", "two hundred", "a dozen", "thirteen", "{n}-{m}", "between {n} and {m}", "{n} to {m}",
    "{n}+", "at least {n}", "no fewer than {n}", "over {n}", "more than {n}", "upwards of {n}",
    "nearly {n}", "up to {n}", "almost {n}", "fewer than {n}", "under {n}", "about {n}", "around {n}",
    "an estimated {n}", "dozens", "scores", "several", "hundreds", "a few", "tens",
)  # fmt: skip
_CLAIMANT_TYPES = (
    ("UN human rights office (OHCHR)", "un"), ("Airwars", "monitor"), ("Syrian Observatory for Human Rights", "monitor"),
    ("Amnesty International", "ngo"), ("Human Rights Watch", "ngo"), ("US Central Command", "military"),
    ("Coalition spokesman", "military"), ("Ministry of Defence", "government"), ("Civil defence", "local-official"),
    ("Provincial council", "local-official"), ("Local news agency", "media"), ("State television", "media"),
    ("Islamic State statement", "armed-group"),
)  # fmt: skip
# Other ways sources write the same claimants: case, punctuation and abbreviations (claimants.yaml).
_SPELLINGS = {
    "UN human rights office (OHCHR)": ("UN Human Rights Office (OHCHR)", "U.N. human rights office", "OHCHR",
                                       "UN human rights office", "مكتب الأمم المتحدة لحقوق الإنسان"),
    "Airwars": ("AIRWARS", "Airwars.", "airwars"),
    "Syrian Observatory for Human Rights": ("Syrian observatory for human rights", "Syrian Observatory for Human Rights (SOHR)",
                                            "SOHR", "The Syrian Observatory for Human Rights", "المرصد السوري لحقوق الإنسان"),
    "Amnesty International": ("Amnesty international", "Amnesty", "AMNESTY INTERNATIONAL"),
    "Human Rights Watch": ("Human rights watch", "HRW", "Human Rights Watch (HRW)"),
    "US Central Command": ("U.S. Central Command", "US Central Command (CENTCOM)", "CENTCOM", "US central command"),
    "Coalition spokesman": ("Coalition Spokesman", "coalition spokesman", "A coalition spokesman"),
    "Ministry of Defence": ("Ministry of Defense", "ministry of defence", "Ministry Of Defence", "وزارة الدفاع"),
    "Civil defence": ("Civil Defence", "civil defence", "Civil defense", "الدفاع المدني"),
    "Provincial council": ("Provincial Council", "provincial council", "مجلس المحافظة"),
    "Local news agency": ("Local News Agency", "local news agency", "وكالة أنباء محلية"),
    "State television": ("State Television", "state television", "التلفزيون الرسمي"),
    "Islamic State statement": ("Islamic State Statement", "Islamic State (statement)", "بيان تنظيم الدولة الإسلامية"),
}  # fmt: skip
# Place, its Arabic name, its country; each country's bounding box (west, south, east, north).
_PLACE_NAMES = (
    ("Mosul", "الموصل", "Iraq"), ("Raqqa", "الرقة", "Syria"), ("Tabqa", "الطبقة", "Syria"),
    ("Deir ez-Zor", "دير الزور", "Syria"), ("Hawija", "الحويجة", "Iraq"), ("Tal Afar", "تلعفر", "Iraq"),
    ("Manbij", "منبج", "Syria"), ("al-Bab", "الباب", "Syria"), ("Idlib", "إدلب", "Syria"),
    ("Fallujah", "الفلوجة", "Iraq"), ("Ramadi", "الرمادي", "Iraq"), ("Hajin", "هجين", "Syria"),
    ("Baghuz", "الباغوز", "Syria"), ("Kobani", "كوباني", "Syria"), ("Sinjar", "سنجار", "Iraq"),
    ("Qayyarah", "القيارة", "Iraq"),
)  # fmt: skip
_PLACES = tuple(name for name, _, _ in _PLACE_NAMES)
_ARABIC_PLACES = {name: arabic for name, arabic, _ in _PLACE_NAMES}
_COUNTRY_OF = {name: country for name, _, country in _PLACE_NAMES}
COUNTRY_BOXES = {"Iraq": (38.8, 29.1, 48.5, 37.3), "Syria": (35.8, 32.4, 42.3, 37.3)}
_ARABIC_FILLER = (
    "وقال سكان إن فرق الإنقاذ واصلت البحث تحت الأنقاض لساعات.",
    "ولم يتسن التحقق من هذه الروايات بشكل مستقل.",
    "وأفادت مستشفيات محلية بأنها تعاني نقصا حادا في الدم والأدوية.",
    "ودعت منظمات الإغاثة جميع الأطراف إلى حماية المدنيين والسماح بمرور آمن.",
    "وقال التحالف إنه يأخذ جميع التقارير عن سقوط ضحايا مدنيين على محمل الجد.",
    "وأضاف شهود أن العائلات كانت تحتمي في القبو عندما أصيب المبنى.",
    "ولم يذكر البيان تفاصيل عن الذخائر المستخدمة أو هدف الغارة.",
)
_FILLER = (
    "Residents described the scene as chaotic, with rescue teams digging through the rubble for hours.",
    "The statement did not give details of the munitions used or the target of the strike.",
    "Access to the area remained restricted, and the accounts could not be independently verified.",
    "Officials said an investigation had been opened and would report its findings in due course.",
    "Local hospitals reported that they were overwhelmed and short of blood and medicine.",
    "Witnesses said families had taken shelter in the basement when the building was hit.",
    "The coalition said it takes all reports of civilian casualties seriously.",
    "Aid agencies called on all parties to protect civilians and allow safe passage.",
)
_START = dt.date(2014, 8, 1)
_DAYS = 6 * 365


@dataclass
class _Source:
    id: str
    published: dt.date | None
    stored: bool
    arabic: bool = False
    article: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SyntheticCorpus:
    seeds: Path
    incidents: int
    claims: int
    sources: int
    series: int
    claimants_file: bool = True


def write_synthetic_corpus(seeds: Path, incidents: int, seed: int = 1, busy_share: float = BUSY_SHARE) -> SyntheticCorpus:
    """Write a valid corpus of ``incidents`` incidents into ``seeds`` (same seed and share, same
    bytes); ``busy_share`` of the incidents have 10–30 claims."""
    rng = random.Random(seed)
    sources: list[_Source] = []
    incident_lines: list[str] = []
    ids: list[str] = []
    claims = 0
    for index in range(incidents):
        cited = _pick_sources(rng, sources)
        lines, count, incident_id = _incident(rng, index, cited, ids, busy_share)
        incident_lines += lines
        ids.append(incident_id)
        claims += count
    series_lines = _series(rng, sources)
    (seeds / "documents").mkdir(parents=True, exist_ok=True)
    source_lines = []
    for source in sources:
        source_lines += _source_record(rng, seeds, source)
    header = "# Synthetic benchmark corpus: invented records, for measuring the pipeline only.\n"
    files = (("sources.yaml", source_lines), ("incidents.yaml", incident_lines), ("series.yaml", series_lines),
             ("claimants.yaml", _claimants()))  # fmt: skip
    for name, lines in files:
        write_file_atomic(seeds / name, (header + "\n".join(lines) + "\n").encode("utf-8"))
    return SyntheticCorpus(seeds, incidents, claims, len(sources), 3)


def _pick_sources(rng: random.Random, sources: list[_Source]) -> list[_Source]:
    """1–3 sources per incident: mostly new ones, sometimes one of the recent ones (shared coverage)."""
    cited = []
    for _ in range(rng.choice((1, 1, 2, 2, 3))):
        if sources and rng.random() < 0.35:
            cited.append(rng.choice(sources[-40:]))
        else:
            day = _START + dt.timedelta(days=rng.randrange(_DAYS))
            source = _Source(f"synthetic-source-{len(sources) + 1:06d}", day if rng.random() < 0.8 else None,
                             rng.random() >= EXTERNAL_SHARE, rng.random() < ARABIC_SHARE)  # fmt: skip
            sources.append(source)
            cited.append(source)
    return cited


# How an Arabic source writes some of the figure forms (the claim's figure is the curator's English reading).
_ARABIC_FIGURES = {
    "{n}": "{n}", "{n}-{m}": "{n}-{m}", "at least {n}": "ما لا يقل عن {n}", "more than {n}": "أكثر من {n}",
    "about {n}": "نحو {n}", "nearly {n}": "قرابة {n}", "dozens": "عشرات", "scores": "العشرات",
}  # fmt: skip


def _figure(rng: random.Random, arabic: bool = False) -> tuple[str, str]:
    """(the figure as the claim records it, as the source writes it): the same unless the source is Arabic."""
    n = rng.randrange(2, 400)
    form = rng.choice(tuple(_ARABIC_FIGURES) if arabic else _FIGURE_FORMS)
    values = {"n": n, "m": n + rng.randrange(1, 60), "big": f"{rng.randrange(1, 9)},{rng.randrange(100, 999)}"}
    text = form.format(**values)
    parse_figure(text)  # every generated figure is one the vocabulary reads
    return text, (_ARABIC_FIGURES[form].format(**values) if arabic else text)


def _incident(rng: random.Random, index: int, cited: list[_Source], earlier: list[str],
              busy_share: float = BUSY_SHARE) -> tuple[list[str], int, str]:  # fmt: skip
    date = _START + dt.timedelta(days=rng.randrange(_DAYS))
    place = rng.choice(_PLACES)
    country = _COUNTRY_OF[place]
    incident_id = f"{date.isoformat()}-{_slug(place)}-{index + 1:06d}"
    precision = rng.choice(("day", "day", "day", "week", "month"))
    lines = [
        f"- id: {incident_id}",
        f"  title: {_q(f'Synthetic strike {index + 1} on a building in {place}')}",
        f"  date: {date.isoformat()}",
        f"  date_precision: {precision}",
        f"  place: {_q(f'{place}, district {rng.randrange(1, 30)}')}",
        f"  country: {country}",
    ]
    if rng.random() < COORDINATES_SHARE:
        west, south, east, north = COUNTRY_BOXES[country]
        precision = COORDINATE_PRECISIONS[index % len(COORDINATE_PRECISIONS)]
        lat, lon = rng.uniform(south, north), rng.uniform(west, east)
        lines += [f"  coordinates: {{lat: {lat:.4f}, lon: {lon:.4f}, precision: {precision}}}"]
    lines += [
        "  belligerents: [US-led coalition]",
        f"  grading: {rng.choice(('confirmed', 'fair', 'weak', 'contested', 'discounted'))}",
        "  summary: |-",
        f"    Synthetic record for the benchmark. Accounts **disagree** about the toll; see [the method](../methodology.md) and claim {index}.",
    ]
    if earlier and rng.random() < 0.2:
        lines.append(f"  related: [{rng.choice(earlier[-200:])}]")
    lines.append("  claims:")
    count = rng.randint(10, 30) if rng.random() < busy_share else rng.randint(1, 8)
    for j in range(count):
        lines += _claim(rng, incident_id, j, place, date, rng.choice(cited))
    return lines, count, incident_id


def _claim(rng: random.Random, incident_id: str, j: int, place: str, date: dt.date, source: _Source) -> list[str]:
    comment = source.stored and rng.random() < 0.1
    arabic = source.arabic
    if comment:
        claimant, kind = f"{'تعليق قارئ' if arabic else 'Reader comment'} {rng.randrange(1, 500)}", "reader-comment"
    elif rng.random() < 0.3:
        resident = f"أحد سكان {_ARABIC_PLACES[place]}" if arabic else f"Resident of {place}"
        claimant, kind = f"{resident} {rng.randrange(1, 2000)}", "witness"
    else:
        claimant, kind = rng.choice(_CLAIMANT_TYPES)
        in_arabic = [a for a in _SPELLINGS[claimant] if _is_arabic(a)]
        if arabic and in_arabic and rng.random() < 0.7:
            claimant = in_arabic[0]
        elif rng.random() < 0.5:  # written another way, as sources do
            claimant = rng.choice([a for a in _SPELLINGS[claimant] if not _is_arabic(a)])
    killed, killed_words = _figure(rng, arabic) if rng.random() < 0.85 else (None, None)
    injured, injured_words = _figure(rng, arabic) if rng.random() < 0.4 else (None, None)
    blame = rng.choice(("the coalition", "ISIS booby traps", "Iraqi forces")) if rng.random() < 0.3 else None
    if not (killed or injured or blame):
        killed, killed_words = _figure(rng, arabic)
    if source.arabic:
        quote = _arabic_quote(claimant, place, killed_words, injured_words, blame, f"{incident_id}/{j + 1}")
        stored = quote.replace(" في ", "  في ", 1)
    else:
        said = " and ".join(f"{figure} people were {verb}" for figure, verb in ((killed, "killed"), (injured, "injured")) if figure)
        said = said or "the strike hit a house"
        quote = f"{claimant} said \"{said}\" in {place} (ref. {incident_id}/{j + 1})" + (f", blaming {blame}" if blame else "")
        stored = quote.replace('"', "\u201c", 1).replace('"', "\u201d", 1).replace(" in ", "  in ", 1)
    (source.comments if comment else source.article).append(stored + ".")
    lines = [
        f"    - id: claim-{j + 1}",
        f"      source: {source.id}",
        f"      claimant: {_q(claimant)}",
        f"      claimant_type: {kind}",
    ]
    if rng.random() < 0.3:
        lines.append(f"      claimed_on: {(date + dt.timedelta(days=rng.randrange(0, 20))).isoformat()}")
    lines += [f"      killed: {_q(killed)}"] if killed else []
    lines += [f"      injured: {_q(injured)}"] if injured else []
    lines += [f"      responsibility: {_q(blame)}"] if blame else []
    lines.append(f"      quote: {_q(quote)}")
    return lines


_ARABIC_BLAME = {"the coalition": "التحالف", "ISIS booby traps": "مفخخات تنظيم الدولة", "Iraqi forces": "القوات العراقية"}


def _arabic_quote(claimant: str, place: str, killed: str | None, injured: str | None, blame: str | None, ref: str) -> str:
    """The claim in Arabic words (figures as the claim writes them: the vocabulary reads English)."""
    said = " و".join(f"{figure} {verb}" for figure, verb in ((killed, "قتيلا"), (injured, "جريحا")) if figure)
    said = f"سقوط {said}" if said else "إصابة منزل"
    quote = f"قال {claimant} إن الغارة على {_ARABIC_PLACES[place]} أدت إلى {said} (المرجع {ref})"
    return quote + (f"، محملا {_ARABIC_BLAME[blame]} المسؤولية" if blame else "")


def _is_arabic(text: str) -> bool:
    return any("\u0600" <= c <= "\u06ff" for c in text)


def _claimants() -> list[str]:
    """claimants.yaml: each claimant's other spellings declared as its aliases."""
    lines = []
    for name, kind in _CLAIMANT_TYPES:
        lines += [f"- name: {_q(name)}", f"  aliases: [{', '.join(_q(a) for a in _SPELLINGS[name])}]", f"  type: {kind}"]
    return lines


def _series(rng: random.Random, sources: list[_Source]) -> list[str]:
    """Three monthly series, quoted in English from stored English sources (one is stored if none is)."""
    stored = [s for s in sources if s.stored and not s.arabic] or ([s for s in sources if not s.arabic] or sources)[:1]
    for source in stored:
        source.stored = True
    lines = []
    for k, (claimant, kind) in enumerate(_CLAIMANT_TYPES[1:4]):
        lines += [
            f"- id: synthetic-series-{k + 1}",
            f"  title: {_q(f'Monthly civilian deaths reported by {claimant} (synthetic)')}",
            f"  claimant: {_q(claimant)}",
            f"  claimant_type: {kind}",
            "  unit: civilian deaths",
            "  points:",
        ]
        for month in range(36):
            period = f"{2015 + month // 12}-{month % 12 + 1:02d}"
            value = _figure(rng)[0]
            source = rng.choice(stored)
            quote = f"{claimant} recorded {value} civilian deaths in {period} (series {k + 1})"
            source.article.append(quote + ".")
            lines += [f"    - period: {_q(period)}", f"      value: {_q(value)}", "      kind: count"]
            lines += [f"      source: {source.id}", f"      quote: {_q(quote)}"]
    return lines


def _source_record(rng: random.Random, seeds: Path, source: _Source) -> list[str]:
    lines = [
        f"- id: {source.id}",
        f"  title: {_q(f'تقرير تجريبي {source.id[-6:]}' if source.arabic else f'Synthetic report {source.id[-6:]}')}",
        f"  publisher: {rng.choice(('null', _q('Synthetic Wire'), _q('Example Times')))}",
        "  author: null",
        f"  published: {source.published.isoformat() if source.published else 'null'}",
        f"  url: {_q(f'https://example.org/{source.id}') if rng.random() < 0.7 else 'null'}",
        "  archive_url: null",
        f"  language: {'ar' if source.arabic else 'en'}",
        f"  kind: {rng.choice(('news', 'news', 'ngo-report', 'un-report', 'official-statement'))}",
    ]
    if not source.stored:
        return lines + ["  text: null", "  sha256: null", "  comments_start: null"]
    filler = _ARABIC_FILLER if source.arabic else _FILLER
    sentences = source.article + [rng.choice(filler) for _ in range(rng.randint(8, 30))]
    rng.shuffle(sentences)
    article = [" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3)]
    body = [f"تقرير تجريبي {source.id}" if source.arabic else f"Synthetic report {source.id}", *article]
    comments_start = None
    if source.comments:
        body.append("التعليقات" if source.arabic else "Comments")
        comments_start = len(body) + 1
        body += source.comments
    text = "\n".join(body) + "\n"
    name = f"documents/{source.id}.txt"
    write_file_atomic(seeds / name, text.encode("utf-8"))
    return lines + [
        f"  text: {name}",
        f"  sha256: {hashlib.sha256(text.encode('utf-8')).hexdigest()}",
        f"  comments_start: {comments_start if comments_start else 'null'}",
    ]


def _q(text: str) -> str:
    """A YAML double-quoted scalar (a JSON string is one)."""
    return json.dumps(text, ensure_ascii=False)


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")
