"""Score news-event extraction against a labelled passage set (tests/eval/passages.jsonl).

Detection: a predicted news event matches a gold one of the same kind whose target agrees
(or, when either target is missing, whose actor agrees); each gold and predicted event is
matched at most once. Roles are scored on matched pairs only.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

KINDS = ("designation", "contract", "regulation")
ROLES = ("subtype", "modality", "actor", "target", "amount_value", "currency", "label", "jurisdiction")


def normalize_surface(value) -> str | None:
    if value is None:
        return None
    text = re.sub(r"^(the|a|an)\s+", "", str(value).strip().lower())
    return re.sub(r"[\s\"'“”‘’.]+", " ", text).strip() or None


def same_surface(a, b) -> bool:
    na, nb = normalize_surface(a), normalize_surface(b)
    if na is None or nb is None:
        return na is None and nb is None
    return na == nb or (len(min(na, nb, key=len)) >= 3 and (na in nb or nb in na))


def same_role(role: str, gold, predicted) -> bool:
    if role == "amount_value":
        if gold is None or predicted is None:
            return gold is None and predicted is None
        return abs(float(gold) - float(predicted)) <= 0.005 * abs(float(gold))
    if role in ("actor", "target", "label"):
        return same_surface(gold, predicted)
    return gold == predicted


def load_passages(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def match_events(gold: list[dict], predicted: list[dict]) -> list[tuple[dict, dict]]:
    pairs, used = [], set()
    for g in gold:
        best, best_score = None, -1
        for i, p in enumerate(predicted):
            if i in used or p["kind"] != g["kind"]:
                continue
            if g.get("target") and p.get("target"):
                if not same_surface(g["target"], p["target"]):
                    continue
            elif g.get("actor") and p.get("actor") and not same_surface(g["actor"], p["actor"]):
                continue
            score = sum(same_role(r, g.get(r), p.get(r)) for r in ROLES)
            if score > best_score:
                best, best_score = i, score
        if best is not None:
            used.add(best)
            pairs.append((g, predicted[best]))
    return pairs


@dataclass
class Scores:
    tp: dict = field(default_factory=lambda: {k: 0 for k in KINDS})
    fp: dict = field(default_factory=lambda: {k: 0 for k in KINDS})
    fn: dict = field(default_factory=lambda: {k: 0 for k in KINDS})
    role_hits: dict = field(default_factory=lambda: {r: 0 for r in ROLES})
    role_total: int = 0
    passages: int = 0
    errors: list = field(default_factory=list)

    def add(self, passage: dict, predicted: list[dict]) -> None:
        self.passages += 1
        pairs = match_events(passage["events"], predicted)
        matched_gold = {id(g) for g, _ in pairs}
        matched_pred = {id(p) for _, p in pairs}
        for g, p in pairs:
            self.tp[g["kind"]] += 1
            self.role_total += 1
            for role in ROLES:
                if same_role(role, g.get(role), p.get(role)):
                    self.role_hits[role] += 1
                else:
                    self.errors.append((passage["id"], f"{role}: want {g.get(role)!r} got {p.get(role)!r}"))
        for g in passage["events"]:
            if id(g) not in matched_gold:
                self.fn[g["kind"]] += 1
                self.errors.append((passage["id"], f"missed {g['kind']} target={g.get('target')!r}"))
        for p in predicted:
            if id(p) not in matched_pred and p["kind"] in KINDS:
                self.fp[p["kind"]] += 1
                self.errors.append((passage["id"], f"spurious {p['kind']} target={p.get('target')!r} "
                                                   f"trigger={p.get('trigger')!r}"))

    def table(self) -> list[dict]:
        rows = []
        for kind in (*KINDS, "all"):
            tp = sum(self.tp.values()) if kind == "all" else self.tp[kind]
            fp = sum(self.fp.values()) if kind == "all" else self.fp[kind]
            fn = sum(self.fn.values()) if kind == "all" else self.fn[kind]
            precision = tp / (tp + fp) if tp + fp else 1.0
            recall = tp / (tp + fn) if tp + fn else 1.0
            f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
            rows.append({"kind": kind, "gold": tp + fn, "predicted": tp + fp, "tp": tp,
                         "precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3)})
        return rows

    def role_accuracy(self) -> dict[str, float]:
        return {r: round(self.role_hits[r] / self.role_total, 3) if self.role_total else 0.0 for r in ROLES}


def evaluate(passages: list[dict], predictions: dict[str, list[dict]]) -> dict[str, Scores]:
    """Scores per split ('dev', 'heldout') and overall ('all')."""
    out: dict[str, Scores] = {}
    for passage in passages:
        for split in (passage.get("split", "dev"), "all"):
            out.setdefault(split, Scores()).add(passage, predictions.get(passage["id"], []))
    return out


def evaluation_markdown(results: dict[str, Scores]) -> str:
    """The dev and held-out tables in Markdown, as the README shows them."""
    out = []
    for split in ("dev", "heldout"):
        if split not in results:
            continue
        scores = results[split]
        out += [f"{split} ({scores.passages} passages)", "",
                "| kind | gold | predicted | precision | recall | F1 |", "|---|---|---|---|---|---|"]
        for row in scores.table():
            out.append(f"| {row['kind']} | {row['gold']} | {row['predicted']} | {row['precision']:.2f} "
                       f"| {row['recall']:.2f} | {row['f1']:.2f} |")
        roles = ", ".join(f"{role} {value:.2f}" for role, value in scores.role_accuracy().items())
        out += ["", f"role accuracy on {scores.role_total} matched news events: {roles}", ""]
    return "\n".join(out).rstrip() + "\n"
