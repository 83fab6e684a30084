"""Run tallycheck on a generated story and hold its report against z3.

Compared: no error, no ``unknown``, no story slower than a few seconds; the verdict;
each reported conflict unsatisfiable (with the definitions, kind bounds and time order)
and minimal; each contradictory component (claims linked through shared quantities,
definitions and time order) holding at least one reported conflict; each quantity's
status, and in a consistent component its implied range equal to z3's optimum (open
ends and unbounded ends included).  The message shows the story and both answers.
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass, field

from oracle_meaning import Claim, Interval, Story
from oracle_z3 import Inconclusive, Z3Story
from tallycheck.pipeline import check_texts

# "a few seconds" per story (issue 11), in CPU time so that a busy machine does not fail it;
# TALLYCHECK_ORACLE_SECONDS changes it
SECONDS = float(os.environ.get("TALLYCHECK_ORACLE_SECONDS", "5"))


@dataclass
class Disagreement:
    kind: str  # error | unknown | slow | verdict | false-conflict | not-minimal | missed-conflict | status | range | quantities | unmatched
    forms: tuple[str, ...]  # the claim forms involved (to sort findings by cause)
    detail: str


@dataclass
class Outcome:
    story: Story
    files: list[tuple[str, str]]
    report: object
    seconds: float
    z3_verdict: str
    z3_notes: list[str] = field(default_factory=list)
    disagreements: list[Disagreement] = field(default_factory=list)

    def add(self, kind: str, claims, detail: str) -> None:
        forms = tuple(sorted({c.form for c in claims})) if claims and not isinstance(claims[0], str) else tuple(claims or ())
        self.disagreements.append(Disagreement(kind, forms, detail))


def oracle_problems(story: Story) -> list[str]:
    """The generator's own truth must satisfy the definitions and every claim made to hold."""
    out = []
    env = dict(story.truth)
    for d in story.definitions:
        if not all(a.holds(env) for a in d.atoms):
            out.append(f"definition fails at the truth: {d.text}  {[str(a) for a in d.atoms]}")
    for c in story.claims:
        if c.meant and not c.holds(env):
            out.append(f"claim made to hold fails at the truth: {c.text}  {[str(a) for a in c.atoms]}")
    return out


def check_story(story: Story) -> Outcome:
    files = story.files()
    start = time.process_time()
    report = check_texts(files, story.options())
    seconds = time.process_time() - start
    z = Z3Story(story)
    claims = story.claims
    comps = [(vs, cl, z.sat(cl)) for vs, cl in z.components(claims)]
    out = Outcome(story, files, report, seconds, "consistent" if all(sat for _, _, sat in comps) else "contradiction")
    compare(out, z, comps)
    if out.disagreements:  # what z3 finds, for the message
        for vs, cl, sat in comps:
            if not sat:
                out.z3_notes.append("cannot all hold: " + "; ".join(_where(story, c) for c in z.minimal_core(cl)))
    return out


def compare(out: Outcome, z: Z3Story, comps) -> None:
    story, report, claims = out.story, out.report, out.story.claims
    if report.errors:
        for e in report.errors:
            out.add("error", _error_forms(story, e), e.render())
        return
    for u in report.unknowns:
        involved = [c for c in claims if c.variables & set(u.quantities)]
        out.add("unknown", involved, f"unknown: {', '.join(u.quantities)}: {u.reason}")
    if out.seconds > SECONDS:
        out.add("slow", [], f"tallycheck took {out.seconds:.1f} s of CPU (more than {SECONDS:g} s)")
    if report.verdict != out.z3_verdict:
        out.add("verdict", [], f"verdict: tallycheck says {report.verdict}, z3 says {out.z3_verdict}")

    where = {}
    for loc in story.located:
        where.setdefault((loc.file, loc.line), []).append(loc)
    reported: list[list[Claim]] = []
    for conflict in report.conflicts:
        found = []
        for cv in conflict.claims:
            c = _match(where.get((cv.file, cv.line), []), cv.column)
            if c is None:
                out.add("unmatched", [f"{cv.file}:{cv.line}:{cv.column}"], f"a conflict names a claim the story does not have: {cv.file}:{cv.line}:{cv.column} {cv.text}")
            else:
                found.append(c)
        if len(found) < len(conflict.claims):
            continue
        reported.append(found)
        shown = " + ".join(_where(story, c) for c in found)
        if z.sat(found):
            out.add("false-conflict", found, f"reported conflict holds in z3: {shown}\n      z3 model: {z.model(found)}\n      tallycheck: {conflict.explanation}")
            continue
        for i, c in enumerate(found):
            rest = found[:i] + found[i + 1:]
            if not z.sat(rest):
                out.add("not-minimal", found, f"conflict not minimal: {shown}\n      still cannot hold without {_where(story, c)}")
                break

    status = {q.name: q for q in report.quantities}
    mine = set(z.kinds)
    if set(status) != mine:
        out.add("quantities", [], f"quantities: tallycheck reports {sorted(set(status) - mine)} that the story does not have, "
                                  f"and not {sorted(mine - set(status))}")
    for vs, cl, sat in comps:
        if not sat:
            if not any(set(map(id, r)) <= set(map(id, cl)) for r in reported):
                core = z.minimal_core(cl)
                out.add("missed-conflict", core, "no conflict reported where z3 finds one: " + "; ".join(_where(story, c) for c in core))
            for v in sorted(vs):
                q = status.get(v)
                if q is not None and q.status == "consistent":
                    out.add("status", [c for c in cl if v in c.variables], f"{v}: tallycheck says consistent (range {q.range}), z3: its claims cannot all hold")
            continue
        names = sorted(v for v in vs if v in status and status[v].status != "unknown")
        if not names:
            continue
        try:
            best = z.ranges(cl, names)
        except Inconclusive as e:
            out.z3_notes.append(f"ranges of {', '.join(names)} not compared: {e}")
            continue
        for v in names:
            q = status[v]
            direct = [c for c in cl if v in c.variables] or cl
            if q.status != "consistent":
                out.add("status", direct, f"{v}: tallycheck says {q.status}, z3 finds its claims satisfiable (range {best[v]})")
            elif q.range is None:
                out.add("range", direct, f"{v}: no implied range given; z3's optimum is {best[v]}")
            elif not _same(q.range, best[v]):
                out.add("range", direct, f"{v}: tallycheck's range {_show(q.range)}, z3's optimum {best[v]}")


def _match(candidates, column: int):
    if not candidates:
        return None
    if len(candidates) == 1:
        return candidates[0].claim
    col = column - 1
    for loc in candidates:
        if loc.start <= col < loc.end:
            return loc.claim
    before = [loc for loc in candidates if loc.start <= col]
    return max(before, key=lambda loc: loc.start).claim if before else None


def _same(iv, best: Interval) -> bool:
    return (
        iv.low == best.low
        and iv.high == best.high
        and (iv.low is None or bool(iv.low_open) == best.low_open)
        and (iv.high is None or bool(iv.high_open) == best.high_open)
    )


def _show(iv) -> str:
    return str(Interval(iv.low, iv.high, iv.low is None or iv.low_open, iv.high is None or iv.high_open))


def _where(story: Story, c: Claim) -> str:
    for loc in story.located:
        if loc.claim is c:
            return f"{loc.file}:{loc.line} {c.text}"
    return c.text


NAMES = {"a", "b", "yes", "no", "undecided"}  # names that are also number words (DECISIONS §1)


def _error_forms(story: Story, e) -> list[str]:
    """What an error is about, to sort errors by cause: the forms of the claims on its line
    (or the kind of line), whether it names a quantity that is also a number word, and the
    message with its particulars taken out."""
    loc = e.location
    on_line = [x.claim for x in story.located if (x.file, x.line) == (loc.file, loc.line)]
    forms = {c.form for c in on_line} or {"line:" + (e.source_line or "").split(" ", 1)[0]}
    named = {v for c in on_line for v in c.variables} if on_line else set(re.findall(r"[\w.]+", e.source_line or ""))
    if named & NAMES:
        forms.add("names")
    return sorted(forms) + [re.sub(r"'[^']*'|`[^`]*`|\d+", "…", e.message)[:60]]


def message(out: Outcome) -> str:
    """The story and both answers, for whoever fixes the disagreement."""
    lines = [f"The z3 oracle and tallycheck disagree ({len(out.disagreements)}):"]
    lines += [f"  - [{d.kind}] {d.detail}" for d in out.disagreements]
    lines.append("")
    for name, text in out.files:
        lines.append(f"--- {name} ---")
        lines += [f"{i:3} | {line}" for i, line in enumerate(text.splitlines(), start=1)]
    lines.append("")
    lines.append(f"z3 says: {out.z3_verdict}")
    lines += [f"  {n}" for n in out.z3_notes]
    r = out.report
    lines.append(f"tallycheck says: {r.verdict}  ({out.seconds:.2f} s of CPU)")
    for e in r.errors:
        lines.append("  " + e.render().replace("\n", "\n  "))
    for u in r.unknowns:
        lines.append(f"  unknown: {', '.join(u.quantities)}: {u.reason}")
    for c in r.conflicts:
        lines.append("  conflict: " + "; ".join(f"{cv.file}:{cv.line}:{cv.column} {cv.text}" for cv in c.claims))
        lines.append(f"    {c.explanation}")
    for q in r.quantities:
        lines.append(f"  {q.name} ({q.kind}): {q.status} {'' if q.range is None else _show(q.range)}")
    lines.append("")
    lines.append("To reproduce: write the files above and run `tallycheck check" + out.story.command_line() + " "
                 + " ".join(n for n, _ in out.files) + "`.")
    return "\n".join(lines)
