"""Write down what the skill says, word for word, for clinicians to review (`make transcripts`).

For each supported locale, docs/transcripts/<locale>/ gets four files, made by talking to the
real lambda_handler through the conversation driver the tests use (simulator/client.py):

  outcomes.md       every outcome, as heard first, as heard by someone who asked for detail, and
                    as said to someone asking for another person ("it's for my mum")
  questions.md      every assessment question: asked, explained on "help", asked again after a
                    miss, and explained after "not sure"
  answers.md        every information answer, at each length
  conversations.md  whole conversations: one per tier, not sure, a sign volunteered early,
                    a question asked in the middle, "tell me more", for someone else, and
                    hands-free care (timers, the check-in reminder and the check-in, the gentle
                    routine)

The words are the skill's real responses as plain text; nothing is dated, and the order is
fixed, so the files change only when what the skill says changes. `--check` exits 1 when the
committed files differ from what the skill says now.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import sys
import tempfile
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "lambda"))

from hipback.content import SUPPORTED_LOCALES
from hipback.content.render import ssml_to_text
from simulator.alexa_api import AlexaApiServer
from simulator.client import Match, NoMatch, Reply, SkillClient
from simulator.envelopes import EnvelopeBuilder

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "docs" / "transcripts"

# One step of a conversation: what the user says (as a person would say it), and the request
# the skill gets for it. A step may take several turns ("no" until the outcome).
Said = tuple[str, Reply]
Step = Callable[[SkillClient], Iterator[Said]]


def user(words: str, intent: str, **slots: str | Match) -> Step:
    def step(client: SkillClient) -> Iterator[Said]:
        yield words, client.say(intent, **slots)

    return step


def launch(client: SkillClient) -> Iterator[Said]:
    yield "open hip and back helper", client.launch()


def no_until(question: str | None) -> Step:
    """"No" to every question until `question` is asked (None: until the outcome)."""

    def step(client: SkillClient) -> Iterator[Said]:
        while pending_question(client) not in (question, None):
            yield "no", client.say("AMAZON.NoIntent")

    return step


def consent(words: str, status: str) -> Step:
    """The user's answer to the permission question Alexa asks in its own words."""

    def step(client: SkillClient) -> Iterator[Said]:
        yield f"(Alexa asks for permission) {words}", client.consent(status)

    return step


def revoke(client: SkillClient) -> Iterator[Said]:
    """The user has taken every permission back in the Alexa app (no turn)."""
    assert client.api is not None
    client.api.services.granted.clear()
    yield from ()


def a_week_later(client: SkillClient) -> Iterator[Said]:
    """Eight days pass (no turn): the check-in reminder's day has come."""
    def later() -> datetime:
        return datetime.now(UTC) + timedelta(days=8)

    old = client.envelopes
    client.envelopes = EnvelopeBuilder(old.identity, clock=later, api=old.api)
    yield from ()


# A parent's story where the user's own answer was expected: the words Alexa sends in the
# symptom slot (it matches no value), in each language.
STORY = {"en": "daughter is eleven and her hip has hurt since netball",
         "es": "hija tiene once años y le duele la cadera desde el partido"}


def parents_story(client: SkillClient) -> Iterator[Said]:
    words = STORY[client.envelopes.identity.locale.split("-")[0]]
    # Shown in the English words, which the transcript says in the locale's language.
    yield (f"my {STORY['en']}", client.say("ReportSymptomIntent", symptom=NoMatch(words)))


def for_son(client: SkillClient) -> Iterator[Said]:
    """ "It's for my son": Alexa sends the word said with the PERSON value it matched."""
    son = {"es": "hijo"}.get(client.envelopes.identity.locale.split("-")[0], "son")
    yield "it's for my son", client.say("ForSomeoneElseIntent", person=Match("him", son))


def pending_question(client: SkillClient) -> str | None:
    pending = client.replies[-1].pending if client.replies else None
    return pending[1] if pending and pending[0] == "question" else None


YES = user("yes", "AMAZON.YesIntent")
NO = user("no", "AMAZON.NoIntent")
UNSURE = user("I'm not sure", "HedgeIntent", hedge=Match("unknown"))
DETAILED = user("give me more detail", "SetPreferenceIntent", style=Match("detailed"))
BRIEF = user("keep it short", "SetPreferenceIntent", style=Match("brief"))
MORE = user("tell me more", "MoreIntent")
NEXT = user("next", "AMAZON.NextIntent")
HEAT_TIMER = user("set a heat timer", "HeatTimerIntent")
ICE_TIMER = user("time my ice pack", "IceTimerIntent")


NUMBERS = {2: "two", 3: "three", 10: "ten"}


def days(count: int) -> Step:
    return user(f"about {NUMBERS[count]} days", "DurationIntent", duration=f"P{count}D")


FOR_MUM = user("it's for my mum", "ForSomeoneElseIntent", person=Match("her"))
FOR_DAD = user("it's for my dad", "ForSomeoneElseIntent", person=Match("him"))
THREE_WEEKS = user("about three weeks", "DurationIntent", duration="P3W")
SIX_MONTHS = user("six months", "DurationIntent", duration="P6M")


# Alexa's APIs and the profile store, one of each for every run (transcripts() starts and
# stops them): a store file costs a disk sync to create, and each run is a user of its own.
_api: list[tuple[AlexaApiServer, Path]] = []
_users = itertools.count(1)


def run(locale: str, steps: list[Step]) -> list[Said]:
    """Say `steps` to a fresh skill, as a first-time user with no clinic configured who has
    allowed timers and reminders."""
    with contextlib.ExitStack() as stack:
        if not _api:
            stack.enter_context(_api_server())
        api, store = _api[0]
        api.services.granted.clear()
        api.services.grant("timers", "reminders")
        user = f"amzn1.ask.account.TRANSCRIPT-{next(_users)}"
        client = SkillClient(store, locale=locale, user=user, api=api)
        return [(in_language(locale, words), reply) for step in steps
                for words, reply in step(client)]


# What the user says, in each language other than English: the steps above are written with
# the English words, and a transcript shows the words of its own language.
USER_WORDS: dict[str, dict[str, str]] = {
    "es": {
        "open hip and back helper": "abre ayuda para cadera y espalda",
        "it's for my mum": "es para mi mamá",
        "it's for my dad": "es para mi papá",
        "yes": "sí",
        "no": "no",
        "I'm not sure": "no lo sé",
        "give me more detail": "dame más detalles",
        "keep it short": "respuestas cortas",
        "tell me more": "cuéntame más",
        "next": "siguiente",
        "repeat": "repite",
        "pause": "pausa",
        "stop": "para",
        "say that again": "repítelo",
        "what do you mean?": "¿qué quieres decir?",
        "(words the skill cannot place)": "(palabras que la skill no sabe ubicar)",
        "set a heat timer": "pon un temporizador para el calor",
        "time my ice pack": "cronometra mi bolsa de hielo",
        "about two days": "unos dos días",
        "about three days": "unos tres días",
        "about ten days": "unos diez días",
        "about three weeks": "unas tres semanas",
        "six months": "seis meses",
        "what causes hip and back pain": "qué causa el dolor de cadera y espalda",
        "should I use heat or ice": "debo usar calor o hielo",
        "what's the fastest way to feel better": "cómo me alivio más rápido",
        "when should I worry": "cuándo debo preocuparme",
        "how do I fix pain on one side": "qué hago con el dolor en un solo lado",
        "does physical therapy help": "sirve la fisioterapia",
        "will I need surgery": "voy a necesitar una operación",
        "can I take ibuprofen": "puedo tomar ibuprofeno",
        "does acupuncture help": "sirve la acupuntura",
        "what can I do at home": "qué puedo hacer en casa",
        "what's the best way to sleep with a bad back": "cómo duermo con dolor de espalda",
        "is it okay to go for a walk": "puedo salir a caminar",
        "can I take paracetamol": "puedo tomar paracetamol",
        "do I need an MRI scan": "necesito una resonancia",
        "should I see a chiropractor": "debo ir al quiropráctico",
        "how long does back pain last": "cuánto dura el dolor de espalda",
        "can I take ibuprofen while pregnant": "puedo tomar ibuprofeno si estoy embarazada",
        "when should I see a doctor": "cuándo debo ir al médico",
        "what is a sprain": "qué es un esguince",
        "can posture cause back pain": "la postura puede causar dolor de espalda",
        "what is a slipped disc": "qué es una hernia de disco",
        "what is sacroiliac joint dysfunction": "qué es la disfunción sacroilíaca",
        "what is hip impingement": "qué es el pinzamiento de cadera",
        "what is a pinched nerve": "qué es un nervio pinzado",
        "tell me about arthritis": "háblame de la artrosis",
        "what is hip bursitis": "qué es la bursitis de cadera",
        "what is rheumatoid arthritis": "qué es la artritis reumatoide",
        "what's sciatica": "qué es la ciática",
        "how do I contact the clinic": "cómo contacto con la clínica",
        "I've gone numb between my legs": "se me ha dormido la entrepierna",
        "about a week, and I've got a temperature": "como una semana, y tengo fiebre",
        "wait, should I be using ice?": "espera, ¿debería usar hielo?",
        "it's for my little boy": "es para mi niño",
        "it's for my son": "es para mi hijo",
        "he's nine": "tiene nueve años",
        "my daughter is eleven and her hip has hurt since netball":
            "mi hija tiene once años y le duele la cadera desde el partido",
        "(Alexa asks for permission) no": "(Alexa pide permiso) no",
        "(Alexa asks for permission) yes": "(Alexa pide permiso) sí",
    },
}


def in_language(locale: str, words: str) -> str:
    """The user's words in the locale's language (a missing translation fails loudly)."""
    language = locale.split("-")[0]
    return words if language == "en" else USER_WORDS[language][words]


@contextlib.contextmanager
def _api_server() -> Iterator[tuple[AlexaApiServer, Path]]:
    with AlexaApiServer() as api, tempfile.TemporaryDirectory() as directory:
        shared = (api, Path(directory) / "store.sqlite3")
        _api.append(shared)
        try:
            yield shared
        finally:
            _api.remove(shared)


def plain(ssml: str) -> str:
    return " ".join(ssml_to_text(ssml).split())


def render(turns: list[Said]) -> str:
    lines = []
    for words, reply in turns:
        lines.append(f"- **User:** {words}")
        lines.append(f"- **Alexa:** {plain(reply.ssml)}")
        reprompt = reply.raw["response"].get("reprompt")
        if reprompt is not None:
            lines.append(f"  - *If no answer:* {plain(reprompt['outputSpeech']['ssml'])}")
        if reply.card is not None:
            title, text = reply.card
            lines.append(f"  - *Card, {title}:* {' '.join(text.split())}")
        if reply.ended:
            lines.append("  - *The session ends.*")
    return "\n".join(lines)


def document(
    title: str, locale: str, sections: list[tuple[str, list[Said]]], whole: bool = False
) -> str:
    shown = "every turn is shown" if whole else "only the turns that matter here are shown"
    parts = [
        f"# {title} ({locale})",
        "Generated by `make transcripts` from the skill's own responses: do not edit. "
        "Each section is a real conversation with a first-time user and no clinic number "
        f"configured; {shown}.",
    ]
    for heading, turns in sections:
        parts += [f"## {heading}", render(turns)]
    return "\n\n".join(parts) + "\n"


# ---- what each file holds ----

OUTCOMES: list[tuple[str, list[Step]]] = [
    ("Emergency (a warning sign confirmed)", [launch, days(2), no_until("cauda_equina"), YES]),
    ("Get help today", [launch, days(2), no_until("infection_swelling"), YES]),
    ("Get help today, after not sure twice",
     [launch, days(2), no_until("cauda_equina"), UNSURE, UNSURE, no_until(None)]),
    ("See a doctor within a day or two", [launch, days(2), no_until("severe_pain"), YES]),
    ("Book an appointment (three weeks)", [launch, THREE_WEEKS, no_until(None)]),
    ("Book an appointment (months)", [launch, SIX_MONTHS, no_until(None)]),
    ("Book an appointment (not sure how long)", [launch, UNSURE, UNSURE, no_until(None)]),
    ("Book an appointment (home care has not helped)",
     [launch, days(10), no_until("home_care"), YES]),
    ("Care at home", [launch, days(2), no_until(None)]),
]

QUESTIONS = {
    "cauda_equina": "Bladder, bowels and numbness",
    "leg_function": "Leg weakness and movement",
    "injury": "A fall or accident",
    "infection_swelling": "Fever and hip swelling",
    "severe_pain": "How bad the pain is",
    "home_care": "A week of home care",
}
QUESTION_TURNS: list[Step] = [
    user("what do you mean?", "AMAZON.HelpIntent"),
    user("(words the skill cannot place)", "AMAZON.FallbackIntent"),
    user("say that again", "AMAZON.RepeatIntent"),
    UNSURE,
]

TOPIC_QUESTIONS = {
    "CausesIntent": "what causes hip and back pain",
    "HeatIceIntent": "should I use heat or ice",
    "FastestReliefIntent": "what's the fastest way to feel better",
    "WhenToWorryIntent": "when should I worry",
    "OneSidedPainIntent": "how do I fix pain on one side",
    "PhysicalTherapyIntent": "does physical therapy help",
    "SurgeryIntent": "will I need surgery",
    "MedicationIntent": "can I take ibuprofen",
    "AlternativeTherapyIntent": "does acupuncture help",
    "HomeCareIntent": "what can I do at home",
    "SleepIntent": "what's the best way to sleep with a bad back",
    "ExerciseIntent": "is it okay to go for a walk",
    "PainReliefIntent": "can I take paracetamol",
    "ImagingIntent": "do I need an MRI scan",
    "ManualTherapyIntent": "should I see a chiropractor",
    "RecoveryTimeIntent": "how long does back pain last",
    "PregnancyIntent": "can I take ibuprofen while pregnant",
    "SeeDoctorIntent": "when should I see a doctor",
}
CONDITION_QUESTIONS = {
    "strain_sprain": "what is a sprain",
    "posture": "can posture cause back pain",
    "herniated_disc": "what is a slipped disc",
    "si_joint": "what is sacroiliac joint dysfunction",
    "hip_impingement": "what is hip impingement",
    "nerve_impingement": "what is a pinched nerve",
    "arthritis": "tell me about arthritis",
    "bursitis": "what is hip bursitis",
    "rheumatoid_arthritis": "what is rheumatoid arthritis",
    "sciatica": "what's sciatica",
}

CONVERSATIONS: list[tuple[str, list[Step]]] = [
    ("Emergency: numbness said in the person's own words",
     [launch, days(3), no_until("cauda_equina"),
      user("I've gone numb between my legs", "ReportSymptomIntent",
           symptom=Match("saddle_numbness")), YES, NO]),
    ("Get help today: a fever", [launch, days(3), no_until("infection_swelling"), YES, YES]),
    ("See a doctor within a day or two: pain that stops sleep",
     [launch, days(2), no_until("severe_pain"), YES, NO]),
    ("Book an appointment: three weeks of pain", [launch, THREE_WEEKS, no_until(None), YES]),
    ("Care at home", [launch, days(3), no_until(None), YES, NO]),
    ("Not sure about a warning sign",
     [launch, days(3), no_until("cauda_equina"), UNSURE, UNSURE, no_until(None), NO]),
    ("A warning sign volunteered with the first answer",
     [launch, user("about a week, and I've got a temperature", "DurationIntent",
                   duration="P1W", symptom=Match("fever")), no_until(None), NO]),
    ("A question in the middle of the assessment",
     [launch, days(3), no_until("leg_function"),
      user("wait, should I be using ice?", "HeatIceIntent"), NO, no_until(None), NO]),
    ("Tell me more: after the advice, and after an answer",
     [launch, days(3), no_until(None), MORE, MORE, YES, MORE, NO]),
    ("Asking for someone else: pain that stops him sleeping",
     [launch, FOR_DAD, days(2), no_until("severe_pain"), YES, MORE, YES, NO]),
    ("Asking for someone else: care at home, hands-free",
     [launch, FOR_MUM, days(3), no_until(None), YES, YES, YES, NO]),
    ("Asking for someone else: a child",
     [launch, user("it's for my little boy", "ForSomeoneElseIntent", person=Match("boy")),
      days(2), no_until(None), NO]),
    ("Asking for someone else: a son, and his age",
     [launch, for_son, user("he's nine", "ForSomeoneElseIntent", age="9"), no_until(None), NO]),
    ("A parent's story told as the first answer", [launch, parents_story, no_until(None), NO]),
    ("Care at home, hands-free: the ice timer, the check-in reminder, gentle movements",
     [launch, days(3), no_until(None), YES, YES, YES, YES, NEXT,
      user("repeat", "AMAZON.RepeatIntent"), user("pause", "AMAZON.PauseIntent"), YES, YES, NEXT,
      NO]),
    ("Gentle movements: worse afterwards, and stopping half way",
     [launch, days(3), no_until(None), NO, NO, YES, NEXT, NEXT, NEXT, YES, launch, days(3),
      no_until(None), NO, NO, YES, user("stop", "AMAZON.StopIntent")]),
    ("A heat timer, and skin that is numb",
     [launch, days(3), no_until(None), HEAT_TIMER, YES, HEAT_TIMER, NO, NO, NO]),
    ("Timers not allowed yet: Alexa asks, and the user says no",
     [revoke, launch, days(3), no_until(None), ICE_TIMER, consent("no", "DENIED"), YES,
      consent("yes", "ACCEPTED"), NO]),
    ("The check-in a week later: no better",
     [launch, days(3), no_until(None), NO, YES, NO, a_week_later, launch, NO, no_until(None)]),
    ("Asking for someone else: the check-in a week later, no better",
     [launch, FOR_MUM, days(3), no_until(None), NO, YES, NO, a_week_later, launch, FOR_MUM, NO,
      no_until(None)]),
    ("Tell me more: in the middle of the assessment",
     [launch, days(3), no_until("leg_function"), user("wait, should I be using ice?",
                                                       "HeatIceIntent"), MORE, NO,
      no_until(None), NO]),
]


def outcomes(locale: str) -> str:
    sections = []
    for heading, steps in OUTCOMES:
        sections.append((heading, run(locale, steps)[-1:]))
        if not heading.startswith("Emergency"):
            # Who asked for detail hears the rest of the advice after the first layer.
            detailed = [steps[0], DETAILED, *steps[1:]]
            sections.append((f"{heading}, with detail", run(locale, detailed)[-1:]))
        # Said to someone asking for another person: about her, and to them.
        for_her = [steps[0], FOR_MUM, *steps[1:]]
        sections.append((f"{heading}, for someone else", run(locale, for_her)[-1:]))
    return document("Outcomes", locale, sections)


def questions(locale: str) -> str:
    sections = [("How long (duration)", run(locale, [launch, *QUESTION_TURNS, UNSURE]))]
    for question, heading in QUESTIONS.items():
        # Ten days of pain, so that the home care question is asked too.
        turns = run(locale, [launch, days(10), no_until(question), *QUESTION_TURNS])
        sections.append((f"{heading} ({question})", turns[-len(QUESTION_TURNS) - 1:]))
    return document("Questions", locale, sections)


def answers(locale: str) -> str:
    asked = [(words, user(words, intent)) for intent, words in TOPIC_QUESTIONS.items()]
    asked += [(words, user(words, "ConditionInfoIntent", condition=Match(condition)))
              for condition, words in CONDITION_QUESTIONS.items()]
    asked.append(("how do I contact the clinic", user("how do I contact the clinic",
                                                      "ContactClinicIntent")))
    sections = []
    for words, step in asked:
        # Asked in one go ("Alexa, ask hip and back helper ..."), then short and detailed.
        turns = run(locale, [step])
        turns += run(locale, [launch, BRIEF, step])[-2:]
        turns += run(locale, [launch, DETAILED, step])[-2:]
        sections.append((in_language(locale, words).capitalize(), turns))
    return document("Answers to questions", locale, sections)


def conversations(locale: str) -> str:
    return document("Whole conversations", locale,
                    [(heading, run(locale, steps)) for heading, steps in CONVERSATIONS],
                    whole=True)


def transcripts(locales: tuple[str, ...] = SUPPORTED_LOCALES) -> dict[Path, str]:
    """Every transcript file of the locales (default: all), by path, as the skill speaks now."""
    with _api_server():
        return _transcripts(locales)


def _transcripts(locales: tuple[str, ...]) -> dict[Path, str]:
    files = {}
    for locale in locales:
        for name, make in (("outcomes", outcomes), ("questions", questions),
                           ("answers", answers), ("conversations", conversations)):
            files[OUTPUT / locale / f"{name}.md"] = make(locale)
    return files


def stale(files: dict[Path, str]) -> list[Path]:
    """The files that differ from `files`, and any transcript no longer written."""
    committed = set(OUTPUT.glob("*/*.md")) if OUTPUT.exists() else set()
    wrong = [path for path, text in files.items()
             if not path.exists() or path.read_text(encoding="utf-8") != text]
    return sorted(wrong + sorted(committed - set(files)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true",
                        help="fail if the committed transcripts differ from what the skill says")
    args = parser.parse_args(argv)
    files = transcripts()
    differing = stale(files)
    if args.check:
        for path in differing:
            print(f"{path.relative_to(ROOT)} is out of date: run `make transcripts`",
                  file=sys.stderr)
        return 1 if differing else 0
    for path in differing:
        if path in files:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(files[path], encoding="utf-8")
        else:
            path.unlink()
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
