"""What people say for Alexa's built-in intents. The model lists these intents without samples;
Alexa brings its own, and the offline resolver needs a stand-in for them."""

from __future__ import annotations

BUILTIN_PHRASES: dict[str, tuple[str, ...]] = {
    "AMAZON.YesIntent": (
        "yes", "yeah", "yep", "yup", "yes i do", "yes i have", "yes it is", "sure", "ok",
        "of course", "correct", "that's right", "absolutely", "definitely", "i do", "i have",
        "uh huh", "go ahead", "yes go ahead", "sounds good", "why not", "i think so", "affirmative",
    ),
    "AMAZON.NoIntent": (
        "no", "nope", "nah", "no thanks", "no thank you", "not really", "i don't", "i haven't",
        "no i don't", "no i haven't", "no it isn't", "not at all", "negative", "none", "nothing",
        "no way", "never", "i don't think so", "not that i know of", "no not really",
    ),
    "AMAZON.HelpIntent": (
        "help", "help me", "i need help", "can you help me", "what can you do", "what can i say",
        "what do i say", "how does this work", "what are my options", "options", "i'm confused",
    ),
    "AMAZON.StopIntent": (
        "stop", "stop it", "quit", "exit", "goodbye", "bye", "bye bye", "shut up", "that's enough",
        "i'm done", "enough", "off", "be quiet", "leave",
    ),
    "AMAZON.CancelIntent": ("cancel", "cancel that", "never mind", "nevermind", "forget it"),
    "AMAZON.RepeatIntent": (
        "repeat", "repeat that", "say that again", "say it again", "what did you say", "pardon",
        "come again", "sorry what", "can you repeat that", "please repeat", "again",
        "repeat the question", "i didn't catch that",
    ),
    "AMAZON.StartOverIntent": (
        "start over", "start again", "restart", "begin again", "from the beginning",
        "start from the beginning", "let's start over", "start over again", "reset",
    ),
    "AMAZON.NavigateHomeIntent": ("go home", "home", "main menu", "go to the home screen"),
}
