"""What the content tests check that depends on the language: its words, not its rules.

The rules of speech for a tired ear are the same in every language (one question a turn, at
most three items in a list, the plain name before the medical term, the number first in an
emergency); how to find a list, a question or a plain name in a sentence is the language's
own. A new language adds one entry here, and every content test then holds it to the rules.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from hipback.content import Content


class Language(NamedTuple):
    # The words that join the last two items of a list ("and", "or").
    conjunctions: re.Pattern[str]
    # Whether a comma comes before the last item's "and" ("heat, ice, and rest"): without it
    # ("calor, hielo y reposo") the last two items share one comma-separated piece.
    serial_comma: bool
    # A piece that opens with these holds a list's first item after its lead-in words.
    lead_in: re.Pattern[str]
    # Each medical term, and the plain name that must come before it in the same sentence.
    jargon: dict[str, str]
    # Asking someone whose leg may give way to test it standing could make them fall.
    unsafe_leg_check: re.Pattern[str]
    # Emergency advice opens with this verb, and says not to drive.
    call: str
    dont_drive: re.Pattern[str]
    # A follow-up offer opens with these words.
    offer: str
    # The word of "call" in any of its forms, and the disclaimer's words.
    call_word: str
    not_a_diagnosis: str
    # The card's closing line for an information answer.
    sources_line: re.Pattern[str]
    # Abbreviations a voice would misread.
    abbreviations: re.Pattern[str]
    # Every fact of the seed article (and docs/clinical.md's additions) and a pattern its
    # wording must match somewhere in what is spoken.
    seed_facts: dict[str, str]


ENGLISH_SEED_FACTS = {
    "hip and back pain go together": r"often go together",
    "strain is a muscle": r"strain is an overstretched muscle",
    "sprain is a ligament": r"sprain is an overstretched ligament",
    "strains settle at home": r"get better with care at home",
    "posture: desk": r"over a desk",
    "posture: lifting": r"rounded back",
    "posture fix": r"better posture alone",
    "disc is a cushion": r"cushion",
    "disc crack": r"outer layer cracks",
    "disc presses a nerve": r"pressing on a nerve|press on a nerve",
    "SI joint links spine and pelvis": r"joint linking your lower spine to your pelvis",
    "SI joint groin": r"groin",
    "SI joint unstable leg": r"leg may (also )?feel unsteady",
    "SI joint sleep and sitting": r"hard to sit for long",
    "impingement friction": r"rub",
    "impingement stiffness": r"hip pain and stiffness",
    "nerve pain spreads to legs": r"into your hips and legs",
    "stenosis": r"stenosis",
    "spondylolisthesis": r"spondylolisthesis",
    "bone spurs": r"bone spurs",
    "tumour": r"tumou?r",
    "spine injury": r"spine injury",
    "arthritis wear and tear": r"wear and tear",
    "arthritis inflammation": r"inflamed",
    "arthritis no cure": r"no cure",
    "arthritis managed": r"healthy habits and pain relief",
    "red flag fever": r"fever or chills",
    "red flag bladder bowel": r"bladder or bowel",
    "red flag numbness": r"inner thighs",
    "red flag backs of legs": r"backs of your legs",
    "red flag weakness": r"very weak",
    "red flag cannot move": r"move your hip or leg",
    "red flag hip swelling": r"sudden hip swelling|suddenly become swollen",
    "severe pain prompt": r"within the next day or two",
    "few weeks: doctor": r"three weeks or more",
    "short rest": r"rest for a few days at most",
    "no long bed rest": r"in bed",
    "circulation": r"circulation",
    "gentle activity after": r"gentle activity",
    "cold first three days": r"first two to three days",
    "heat for tense muscles": r"tight muscles",
    "heat blood flow": r"blood",
    "heat has research behind it": r"research backs heat",
    "physical therapy main treatment": r"main treatment without surgery",
    "therapy rebuilds strength": r"muscle strength",
    "therapy takes pressure off": r"take pressure off",
    "therapy hands-on": r"hands-on",
    "lifestyle exercise diet": r"exercise and a (balanced|healthy) diet",
    "lifestyle posture smoking": r"good posture and stopping smoking",
    "massage and acupuncture in a plan": r"plan your (doctor|GP) supports",
    # The guideline body is named only where the listener knows it (en-GB: NICE).
    "guidelines on acupuncture": r"(some guidelines|NICE, which advises the NHS,)[^.]* against",
    "surgery after months or years": r"months, or even years",
    "fastest relief": r"short rest, gentle stretching, and heat or ice",
    "ibuprofen fast, not a fix": r"doesn't (treat|fix) the cause",
    "a week of home care then doctor": r"no better after about a week",
    "early doctor speeds recovery": r"speed up your recovery",
    "remedies that don't suit": r"remedies that don't suit",
    "unsure: call your doctor": r"unsure what to do",
    "ibuprofen cautions": r"pregnant, over sixty-five",
    "guideline: chest pain": r"chest pain",
    "guideline: cancer": r"had cancer",
    "guideline: weight loss": r"(losing|lost) weight without trying",
    "guideline: night pain": r"worse at night",
    "guideline: over fifty": r"after the age of fifty",
    "guideline: serious fall": r"serious fall",
    "never heat on numb skin": r"never (use|put) heat on skin that feels numb",
    "wrap ice": r"wrap",
}

# The same facts, as the Spanish content says them.
SPANISH_SEED_FACTS = {
    "hip and back pain go together": r"suelen ir juntos",
    "strain is a muscle": r"tirón es un músculo que se ha estirado de más",
    "sprain is a ligament": r"esguince es un ligamento estirado de más",
    "strains settle at home": r"mejoran con cuidados en casa",
    "posture: desk": r"encorvarse sobre la mesa",
    "posture: lifting": r"espalda curvada",
    "posture fix": r"mejorar la postura",
    "disc is a cushion": r"cojín",
    "disc crack": r"se agrieta",
    "disc presses a nerve": r"apretar (un|el) nervio",
    "SI joint links spine and pelvis": r"que une la parte baja de la columna con la pelvis",
    "SI joint groin": r"ingle",
    "SI joint unstable leg": r"pierna inestable",
    "SI joint sleep and sitting": r"mucho rato en una silla",
    "impingement friction": r"roza",
    "impingement stiffness": r"dolor y rigidez en la cadera",
    "nerve pain spreads to legs": r"a las caderas y las piernas",
    "stenosis": r"estenosis",
    "spondylolisthesis": r"espondilolistesis",
    "bone spurs": r"osteofitos",
    "tumour": r"tumor",
    "spine injury": r"lesión de columna",
    "arthritis wear and tear": r"desgaste",
    "arthritis inflammation": r"se inflaman",
    "arthritis no cure": r"no tiene cura",
    "arthritis managed": r"los hábitos sanos y los analgésicos",
    "red flag fever": r"fiebre o escalofríos",
    "red flag bladder bowel": r"orinar o controlar el intestino",
    "red flag numbness": r"parte interna de los muslos",
    "red flag backs of legs": r"parte de atrás de las piernas",
    "red flag weakness": r"muy débil",
    "red flag cannot move": r"mover la cadera o la pierna",
    "red flag hip swelling": r"se le (ha )?hincha(do)? de repente",
    "severe pain prompt": r"próximos uno o dos días",
    "few weeks: doctor": r"tres semanas o más",
    "short rest": r"descanse unos días como mucho",
    "no long bed rest": r"en la cama",
    "circulation": r"circulación",
    "gentle activity after": r"actividad suave",
    "cold first three days": r"dos o tres primeros días",
    "heat for tense muscles": r"músculos tensos",
    "heat blood flow": r"sangre",
    "heat has research behind it": r"estudios respaldan el calor",
    "physical therapy main treatment": r"tratamiento principal sin cirugía",
    "therapy rebuilds strength": r"fuerza muscular",
    "therapy takes pressure off": r"quitan presión",
    "therapy hands-on": r"tratamiento manual",
    "lifestyle exercise diet": r"ejercicio regular y una dieta (equilibrada|sana)",
    "lifestyle posture smoking": r"buena postura y dejar de fumar",
    "massage and acupuncture in a plan": r"plan que apruebe su médico",
    "guidelines on acupuncture": r"algunas guías[^.]*desaconsejan",
    "surgery after months or years": r"meses, o incluso años",
    "fastest relief": r"descanso corto, estiramientos suaves, y calor o frío",
    "ibuprofen fast, not a fix": r"no (trata|arregla) la causa",
    "a week of home care then doctor": r"tras una semana más o menos",
    "early doctor speeds recovery": r"acelerar su recuperación",
    "remedies that don't suit": r"remedios que no le sirven",
    "unsure: call your doctor": r"no sepa qué hacer",
    "ibuprofen cautions": r"embarazada, tiene más de sesenta y cinco",
    "guideline: chest pain": r"dolor en el pecho",
    "guideline: cancer": r"ha tenido cáncer",
    "guideline: weight loss": r"adelgaza sin motivo|peso sin explicación",
    "guideline: night pain": r"empeora (por la|de) noche",
    "guideline: over fifty": r"después de los cincuenta",
    "guideline: serious fall": r"caída fuerte",
    "never heat on numb skin": r"nunca ponga calor sobre piel adormecida",
    "wrap ice": r"envuelva|envuelto",
}

ENGLISH = Language(
    conjunctions=re.compile(r"\b(and|or)\b"),
    serial_comma=True,
    lead_in=re.compile(r"(like|such as|for example|for instance|including)\b", re.IGNORECASE),
    jargon={
        r"nerve impingement": r"pinched nerve",
        r"sacroiliac": r"joint (between|linking|that links|joining)[^.]*pelvis",
        r"spondylolisthesis": r"slips? (out of line|out of place|forward)",
        r"vertebra": r"bones? (of|in) your spine|spine bones?",
        r"stenosis": r"narrow",
        r"herniated": r"slipped",
        r"hip impingement": r"\brub",
        r"sciatica": r"down (your|the) leg",
        r"cauda equina": r"nerves at the base of (your|the) spine",
    },
    unsafe_leg_check=re.compile(
        r"(?<!don't )(?<!not )\b(stand up|stand on (it|one leg)|try standing|shift your weight"
        r"|walk a few steps|get up)\b",
        re.IGNORECASE,
    ),
    call="Call",
    dont_drive=re.compile(r"Don't drive yourself"),
    offer="Would you like",
    call_word="call",
    not_a_diagnosis="not a diagnosis",
    sources_line=re.compile(r"Based on guidance from [^.]+\. Reviewed [A-Z][a-z]+ \d{4}\."),
    abbreviations=re.compile(r"\b(e\.g|i\.e|etc|approx|hrs|mins|ASAP|OTC|PT)\b"),
    seed_facts=ENGLISH_SEED_FACTS,
)

SPANISH = Language(
    # "y" becomes "e" before an i sound, "o" becomes "u" before an o sound; "ni" joins denials.
    conjunctions=re.compile(r"\b(y|e|o|u|ni)\b"),
    serial_comma=False,
    lead_in=re.compile(r"(como|por ejemplo|incluid[oa]s?|entre ell[oa]s)\b", re.IGNORECASE),
    # "Hernia de disco" is itself the plain name in Spanish (no "slipped" to come first).
    jargon={
        r"radiculopatía": r"nervio pinzado",
        r"sacroil[ií]aca": r"articulación que une[^.]*pelvis",
        r"espondilolistesis": r"se sale de su sitio",
        r"vértebra": r"huesos? de (la|su) columna",
        r"estenosis": r"estrechamiento",
        r"osteofitos": r"crecimientos de hueso",
        r"pinzamiento de cadera": r"\broza",
        r"ciática": r"por la pierna",
        r"autoinmune": r"defensas del cuerpo",
        r"cola de caballo": r"nervios de la base de la columna",
    },
    unsafe_leg_check=re.compile(
        r"(?<!no )(?<!no le pida que )(?<!sin que )(?<!sin )\b(póngase de pie|se ponga de pie"
        r"|ponerse de pie|levántese|camine unos pasos|cargue el peso)\b",
        re.IGNORECASE,
    ),
    call="Llame",
    dont_drive=re.compile(r"No (conduzca|maneje) usted"),
    offer="¿Quiere",
    call_word="llam",
    not_a_diagnosis="no un diagnóstico",
    sources_line=re.compile(
        r"Basado en las recomendaciones de [^.]+\. Última revisión: [a-z]+ \d{4}\."
    ),
    abbreviations=re.compile(r"\b(p\. ej|etc|aprox|hrs|min|Dr|Dra|Sr|Sra|Ud|Uds)\b"),
    seed_facts=SPANISH_SEED_FACTS,
)

LANGUAGES = {"en": ENGLISH, "es": SPANISH}


def language_of(content: Content) -> Language:
    """The language a content speaks (an unsupported locale's fallback is English)."""
    return LANGUAGES[content.locale.split("-")[0]]
