"""Every kind of page passes axe-core (WCAG 2 A/AA rules and best practices) in Chromium, in both palettes.

axe-core's `axe.min.js` comes from the `axe-playwright-python` test dependency (it bundles the npm package's
file); the test injects it into the page itself, so it chooses the rules and nothing is fetched at run time.
"""

from __future__ import annotations

from pathlib import Path

import axe_playwright_python
import pytest

from browser import search

AXE_SCRIPT = Path(axe_playwright_python.__file__).with_name("axe.min.js")
RULES = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]},
    "resultTypes": ["violations"],
}
PALETTES = ("default", "slate")  # Material's light and dark schemes, as mkdocs.yml lists them
KINDS = ("home", "article-en", "article-ru", "story", "person", "month", "search")


def first_folder(site: Path, section: str) -> str:
    """The site path of the first page of a section (its folders, sorted by name)."""
    return f"{section}/{min(p.name for p in (site / section).iterdir() if p.is_dir())}/"


@pytest.fixture(scope="module")
def paths(built_site: Path, urls: dict[str, str], fronts: dict[str, dict]) -> dict[str, str]:
    """The site path of one page of each kind."""
    def article(language: str) -> str:
        return next(urls[seed] for seed in sorted(fronts) if fronts[seed]["language"] == language)

    site = built_site / "site"
    return {"home": "", "article-en": article("en"), "article-ru": article("ru"), "search": "",
            "story": first_folder(site, "stories"), "person": first_folder(site, "people"),
            "month": first_folder(site, "dates")}


def choose_palette(tab, scheme: str) -> None:
    """Switch Material's palette with its own toggle in the header until `scheme` is on, and let transitions end."""
    for _ in PALETTES:
        if tab.evaluate("document.body.dataset.mdColorScheme") == scheme:
            break
        tab.locator("form[data-md-component=palette] label:visible").click()
    assert tab.evaluate("document.body.dataset.mdColorScheme") == scheme
    settle(tab)


def settle(tab) -> None:
    """Wait until every transition and animation has ended: axe must see the final colours."""
    tab.evaluate("() => Promise.all(document.getAnimations().map(animation => animation.finished.catch(() => null)))")


def run_axe(tab) -> dict:
    """axe-core's results for the page as it is now."""
    tab.add_script_tag(path=str(AXE_SCRIPT))
    return tab.evaluate("rules => axe.run(document, rules)", RULES)


def describe(violations: list[dict]) -> str:
    """The violations as a developer reads them: rule, impact, what to fix and the elements it concerns."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} — {violation['helpUrl']}")
        for node in violation["nodes"]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {' '.join(map(str, node['target']))}: {summary}")
    return "\n".join(lines)


@pytest.mark.parametrize("scheme", PALETTES)
@pytest.mark.parametrize("kind", KINDS)
def test_no_axe_violation(page, paths, fronts, kind: str, scheme: str) -> None:
    page.goto(page.base + paths[kind])
    choose_palette(page, scheme)
    if kind == "search":  # the header search open, its results showing
        name = next(front["people"][0] for _, front in sorted(fronts.items()) if front.get("people"))
        assert search(page, name)
        settle(page)
    results = run_axe(page)
    checked = {rule["id"] for group in ("passes", "inapplicable") for rule in results[group]}
    assert {"color-contrast", "link-in-text-block"} <= checked | {v["id"] for v in results["violations"]}
    if results["violations"]:
        pytest.fail(f"axe-core {results['testEngine']['version']} on /{paths[kind]} ({scheme}):\n"
                    + describe(results["violations"]), pytrace=False)
