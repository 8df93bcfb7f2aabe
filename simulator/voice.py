"""Speak Alexa's lines aloud with espeak-ng, when it is installed."""

from __future__ import annotations

import shutil
import subprocess

INSTALL_HINT = (
    "--voice: espeak-ng is not installed, so speech is shown as text only "
    "(Debian/Ubuntu: sudo apt-get install espeak-ng; macOS: brew install espeak-ng)."
)


# espeak-ng's voices are named like "en-us"; Spanish has "es" (Spain) and "es-419" (Latin
# America, the nearest to the United States' and Mexico's Spanish).
_VOICES = {"es-us": "es-419", "es-mx": "es-419", "es-es": "es"}


def espeak_voice(locale: str) -> str:
    """The espeak-ng voice for a locale; espeak-ng falls back to its default for unknowns."""
    return _VOICES.get(locale.lower(), locale.lower())


class Speaker:
    def __init__(self, locale: str, program: str = "espeak-ng") -> None:
        self._program = shutil.which(program)
        self._voice = espeak_voice(locale)

    @property
    def available(self) -> bool:
        return self._program is not None

    def speak(self, text: str) -> None:
        if self._program is None or not text.strip():
            return
        subprocess.run([self._program, "-v", self._voice, "--", text], check=False,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
