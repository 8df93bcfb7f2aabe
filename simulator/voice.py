"""Speak Alexa's lines aloud with espeak-ng, when it is installed."""

from __future__ import annotations

import shutil
import subprocess

INSTALL_HINT = (
    "--voice: espeak-ng is not installed, so speech is shown as text only "
    "(Debian/Ubuntu: sudo apt-get install espeak-ng; macOS: brew install espeak-ng)."
)


class Speaker:
    def __init__(self, locale: str, program: str = "espeak-ng") -> None:
        self._program = shutil.which(program)
        # espeak-ng's voices are named like "en-us"; it falls back to its default for unknowns.
        self._voice = locale.lower()

    @property
    def available(self) -> bool:
        return self._program is not None

    def speak(self, text: str) -> None:
        if self._program is None or not text.strip():
            return
        subprocess.run([self._program, "-v", self._voice, "--", text], check=False,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
