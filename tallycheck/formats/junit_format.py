"""``--format junit``: JUnit XML for CI test reports (Jenkins, GitLab, Azure, …).

One ``<testsuites>`` holding one ``<testsuite name="tallycheck">``, whose test cases are,
in this order (the ``classname`` says which kind):

- ``tallycheck.conflict``: one per contradiction, a ``<failure>`` with the explanation,
  and the claims with their locations and quotes;
- ``tallycheck.relation``: one per relation that holds, passed, its figures as output;
- ``tallycheck.quantity``: one per quantity (the group of claims about it): passed with
  the implied range, a ``<failure>`` if its claims contradict, ``<skipped>`` if undecided;
- ``tallycheck.undecided``: one per part undecided within the limits, ``<skipped>``;
- ``tallycheck.input``: one per input error, an ``<error>``;
- ``tallycheck.warning``: one per warning, passed, the located message as output (an
  input error under ``--strict``, which makes every warning an error).

Only the attributes of the common JUnit format that every reader accepts (Jenkins' xunit
plugin validates against a schema and drops a report with any other): a test case has a
``name`` and a ``classname``, no ``file``/``line`` (locations are in the texts).  No
timings (the output is deterministic).  Every text is inert (tallycheck.formats._inert):
control and bidirectional characters, and those XML 1.0 cannot hold, are written visibly
(``\\x1b``, ``\\u202e``).  Validated in the tests against ``tests/formats/data/junit.xsd``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator

from ..report.records import STAGE_WORDS, ClaimView, Conflict, Report
from ._common import claim_where, claimant, claimed, counts, error_where, headline, implied, unknown_line, where
from ._inert import visible


def _x(text: str) -> str:
    """Text made inert; what is left is all characters XML 1.0 can hold."""
    return visible(text, newlines=True)


def _el(parent: ET.Element, tag: str, attrs: dict[str, str | int] | None = None, text: str | None = None):
    e = ET.SubElement(parent, tag, {k: _x(str(v)) for k, v in (attrs or {}).items()})
    if text is not None:
        e.text = _x(text)
    return e


class _Names:
    """Test-case names unique within a class (CI tools key their history on the name)."""

    def __init__(self) -> None:
        self.seen: dict[tuple[str, str], int] = {}

    def __call__(self, classname: str, name: str) -> str:
        n = self.seen.get((classname, name), 0) + 1
        self.seen[(classname, name)] = n
        return name if n == 1 else f"{name} ({n})"


def _claim_text(c: ClaimView) -> str:
    out = f"{claimant(c)}  {claim_where(c)}  {c.text}"
    if c.quote:
        out += f"\n    “{c.quote}”"
    return out


def _conflict_text(conflict: Conflict) -> str:
    lines = [f"{headline(conflict)}", conflict.explanation, ""]
    lines += [_claim_text(c) for c in conflict.claims]
    lines += [f"given the definition {d.text}  ({where(d.file, d.line)})" for d in conflict.definitions]
    return "\n".join(lines) + "\n"


def _tree(report: Report) -> tuple[ET.Element, ET.Element]:
    """The document, indented: its root and the test suite."""
    names = _Names()
    cases: list[tuple[str, str, str, dict | None, str | None]] = []
    # (classname, name, outcome tag or "", outcome attrs, body text)

    for conflict in report.conflicts:
        cases.append(("tallycheck.conflict", f"contradiction {headline(conflict)}", "failure",
                      {"type": "contradiction", "message": conflict.explanation}, _conflict_text(conflict)))
    for a in report.agreements:
        by = a.claim.source or "definition"
        cases.append(("tallycheck.relation", a.relation, "", None,
                      f"{a.relation}\n{a.figures}\n({by}, {where(a.claim.file, a.claim.line)})\n"))
    for q in report.quantities:
        body = f"{q.name} ({q.kind}): {implied(q)}"
        if q.claimed:
            body += f"\nclaimed: {claimed(q)}"
        body += "\n"
        if q.status == "contradictory":
            cases.append(("tallycheck.quantity", q.name, "failure",
                          {"type": "contradiction", "message": f"the claims about {q.name} contradict each other"},
                          body))
        elif q.status == "unknown":
            cases.append(("tallycheck.quantity", q.name, "skipped",
                          {"message": "undecided within the solver's limits"}, body))
        else:
            cases.append(("tallycheck.quantity", q.name, "", None, body))
    for u in report.unknowns:
        cases.append(("tallycheck.undecided", f"{STAGE_WORDS.get(u.stage, u.stage)}: {', '.join(u.quantities)}",
                      "skipped", {"message": unknown_line(u)}, None))
    for d in report.errors:
        cases.append(("tallycheck.input", f"{error_where(d)} {d.code}", "error",
                      {"type": d.code, "message": d.message}, d.render(visible) + "\n"))
    for d in report.warnings:
        cases.append(("tallycheck.warning", f"{error_where(d)} {d.code}", "", None, d.render(visible) + "\n"))
    if report.claim_count == 0 and not report.errors:
        cases.append(("tallycheck.input", "no claims", "skipped", {"message": "no claims: nothing to check"},
                      None))

    failures = sum(1 for c in cases if c[2] == "failure")
    errors = sum(1 for c in cases if c[2] == "error")
    skipped = sum(1 for c in cases if c[2] == "skipped")
    totals = {"tests": len(cases), "failures": failures, "errors": errors, "skipped": skipped}

    root = ET.Element("testsuites", {"name": "tallycheck", **{k: str(totals[k]) for k in ("tests", "failures", "errors")}})
    suite = _el(root, "testsuite", {"name": "tallycheck", **totals})
    props = _el(suite, "properties")
    _el(props, "property", {"name": "verdict", "value": report.verdict})
    if report.title:
        _el(props, "property", {"name": "title", "value": report.title})
    _el(props, "property", {"name": "summary", "value": counts(report)})
    for f in report.files:
        _el(props, "property", {"name": "file", "value": f})
    for classname, name, outcome, outcome_attrs, body in cases:
        case = _el(suite, "testcase", {"classname": classname, "name": names(classname, name)})
        if outcome:
            _el(case, outcome, outcome_attrs, body)
        elif body:
            _el(case, "system-out", None, body)
    ET.indent(root, space="  ")
    return root, suite


def render(report: Report) -> str:
    return "".join(chunks(report))


_SPLIT = "tallycheck: the test cases"


def chunks(report: Report) -> Iterator[str]:
    """:func:`render`, a test case at a time: the document is built whole (ElementTree), but
    written without the whole text of it (200,000 quantities: 36 MB, held two or three times
    over while it was joined)."""
    root, suite = _tree(report)
    cases = list(suite)
    suite[:] = [ET.Comment(_SPLIT)]  # the document around the cases, written as ElementTree writes it
    head, tail = ET.tostring(root, encoding="unicode").split(f"<!--{_SPLIT}-->")
    suite[:] = ()
    yield '<?xml version="1.0" encoding="UTF-8"?>\n' + head
    for case in cases:  # each as it is written in the document, with the space after it
        yield ET.tostring(case, encoding="unicode")
    yield tail + "\n"
