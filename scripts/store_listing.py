"""The privacy policy and terms of use URLs, from ask-resources.json into skill.json
(`make store-listing`).

The clinic that publishes the skill sets its URLs in ask-resources.json, under
`profiles.<profile>.skillMetadata.storeUrls` (the ASK CLI reads only the keys it knows there
and keeps the rest). This writes them into skill.json's `privacyAndCompliance.locales`, one
entry per locale the skill is published in, which is where Alexa's store reads them; only
that block of skill.json is rewritten. Empty URLs are left out.

`--check` exits 1 when skill.json differs from ask-resources.json; `--ready` exits 1 and says
what is missing when the skill is not ready for certification (no privacy policy URL, a URL
that is not https).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ASK_RESOURCES = ROOT / "ask-resources.json"
SKILL_JSON = ROOT / "skill-package" / "skill.json"
URL_KEYS = ("privacyPolicyUrl", "termsOfUseUrl")
BLOCK = '"privacyAndCompliance": '


def store_urls(resources: dict[str, Any], profile: str = "default") -> dict[str, str]:
    """The URLs the profile configures, without the empty ones."""
    metadata = resources["profiles"][profile]["skillMetadata"]
    urls = metadata.get("storeUrls") or {}
    return {key: str(urls[key]).strip() for key in URL_KEYS if str(urls.get(key) or "").strip()}


def with_urls(manifest: dict[str, Any], urls: dict[str, str]) -> dict[str, Any]:
    """privacyAndCompliance with the URLs for every published locale (none when no URL)."""
    privacy = {k: v for k, v in manifest["manifest"]["privacyAndCompliance"].items()
               if k != "locales"}  # fmt: skip
    if urls:
        locales = manifest["manifest"]["publishingInformation"]["locales"]
        privacy["locales"] = {locale: dict(urls) for locale in locales}
    return privacy


def problems(urls: dict[str, str]) -> list[str]:
    """What stands between these URLs and certification."""
    found = []
    if "privacyPolicyUrl" not in urls:
        found.append("no privacy policy URL: set skillMetadata.storeUrls.privacyPolicyUrl "
                     "in ask-resources.json")  # fmt: skip
    found += [f"{key} is not an https URL: {url}" for key, url in urls.items()
              if not url.startswith("https://")]  # fmt: skip
    return found


def rewritten(text: str, privacy: dict[str, Any]) -> str:
    """skill.json's text with only its privacyAndCompliance object replaced."""
    start = text.index(BLOCK) + len(BLOCK)
    end = _object_end(text, start)
    line_start = text.rfind("\n", 0, start) + 1
    indent = text[line_start : text.index('"', line_start)]
    block = json.dumps(privacy, indent=2, ensure_ascii=False).replace("\n", "\n" + indent)
    return text[:start] + block + text[end:]


def _object_end(text: str, start: int) -> int:
    """The index just after the JSON object that starts at `start`."""
    _, end = json.JSONDecoder().raw_decode(text, start)
    return end


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--profile", default="default")
    parser.add_argument("--check", action="store_true", help="fail if skill.json is stale")
    parser.add_argument("--ready", action="store_true", help="fail if not ready to certify")
    args = parser.parse_args(argv)
    urls = store_urls(json.loads(ASK_RESOURCES.read_text(encoding="utf-8")), args.profile)
    if args.ready:
        missing = problems(urls)
        for problem in missing:
            print(problem, file=sys.stderr)
        return 1 if missing else 0
    text = SKILL_JSON.read_text(encoding="utf-8")
    fresh = rewritten(text, with_urls(json.loads(text), urls))
    if args.check:
        if fresh != text:
            print(f"{SKILL_JSON} is out of date: run `make store-listing`", file=sys.stderr)
            return 1
        return 0
    if fresh != text:
        SKILL_JSON.write_text(fresh, encoding="utf-8")
        print(f"wrote {SKILL_JSON}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
