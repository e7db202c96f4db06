"""axe-core (node_modules/axe-core, declared in package.json) run in the browser tests' pages.

axe is injected with `page.evaluate`, which Playwright sends through the DevTools protocol
(Runtime.evaluate): the page's Content-Security-Policy (script-src 'self', no inline script, no eval)
governs the page's own scripts, not that. So axe checks the page exactly as the policy lets it render for
users; a context with bypass_csp=True would also let through any inline style the policy blocks, and so
check a page nobody sees.
"""

from functools import cache
from pathlib import Path

AXE_PATH = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.1 AA is what the portal promises (DESIGN.md): the A and AA rules of 2.0 and 2.1, nothing else
# (no best-practice or AAA rules), so a violation is a broken promise, not a matter of taste.
WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
TARGETS_SHOWN = 5
# axe reports these as "needs review" rather than as violations because a script might still add the
# element an aria-describedby points at, or the text an aria-label would hide. On our server-rendered pages
# (looked at after htmx has loaded its sections) nothing comes later, so here they are plain faults: a hint
# or error message not tied to its field (WCAG 1.3.1), a name screen readers do not announce (4.1.2).
DEFINITE_WHEN_NEEDS_REVIEW = ("aria-valid-attr-value", "aria-prohibited-attr")


@cache
def axe_source() -> str:
    if not AXE_PATH.exists():
        raise FileNotFoundError(f"{AXE_PATH} mangler: kør `npm ci` (axe-core står i package.json)")
    return AXE_PATH.read_text(encoding="utf-8")


def axe_violations(page, *, impacts=("serious", "critical")) -> list[dict]:
    """Run axe on the page as it is now; return its violations at `impacts` (and the "needs review"
    results of DEFINITE_WHEN_NEEDS_REVIEW), each as {"id", "impact", "help", "targets", "count"}: the first
    few CSS selectors of the failing nodes, so a failure message says where to look. The whole document
    is checked: nothing is excluded."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    results = page.evaluate(
        """async (tags) => {
            return await window.axe.run(document, {
                runOnly: {type: "tag", values: tags},
                resultTypes: ["violations", "incomplete"],
            });
        }""",
        WCAG_AA_TAGS,
    )
    needing_review = [v for v in results["incomplete"] if v["id"] in DEFINITE_WHEN_NEEDS_REVIEW]
    return [
        {
            "id": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "targets": [" ".join(map(str, node["target"])) for node in violation["nodes"][:TARGETS_SHOWN]],
            "count": len(violation["nodes"]),
        }
        for violation in results["violations"] + needing_review
        if violation["impact"] in impacts
    ]


def describe(violations: list[dict]) -> str:
    """One line per violation, for an assertion message."""
    return "\n".join(
        f"  [{v['impact']}] {v['id']}: {v['help']} ({v['count']} sted(er)): {', '.join(v['targets'])}"
        for v in violations
    )
