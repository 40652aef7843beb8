"""``aep-streaming promote``: the table of every stack's plan, and the progress of the updates."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.table import Table

if TYPE_CHECKING:
    from pulumi_aep_streaming.promotion import Promotion, StackPlan

BLOCKED = {
    1: "a preview failed: nothing was updated",
    3: "drift found: nothing was updated. Repair it (`pulumi refresh` takes AEP's values into the stack's "
    "state, `pulumi up` puts the program's back), or pass --allow-drift",
    4: "a replace or delete would delete data (a dataset, schema or sandbox): nothing was updated; pass "
    "--allow-data-loss if that is meant",
}


def plan_table(plans: Sequence[StackPlan]) -> Table:
    """One row per stack: its changes, the drift a refresh found, the data an update would delete."""
    table = Table(title="promotion plan", title_justify="left")
    for column in ("stack", "create", "update", "replace", "delete", "drift", "deletes data"):
        table.add_column(column, justify="right" if column in ("create", "update", "replace", "delete") else "left")
    for p in plans:
        if p.error:
            table.add_row(p.stack, "-", "-", "-", "-", f"preview failed: {p.error}", "-")
            continue
        counts = (str(n) for n in (p.creates, p.updates, p.replaces, p.deletes))
        table.add_row(p.stack, *counts, "\n".join(p.drift) or "none", "\n".join(p.data_at_risk) or "none")
    return table


def summary(promotion: Promotion, preview_only: bool) -> str:
    """The last line: what happened, and what to do about a stop."""
    if promotion.outcome != 0:
        if promotion.failure:
            return f"update failed, later stacks not updated: {promotion.failure}"
        return BLOCKED[int(promotion.outcome)]
    if preview_only:
        return "previewed: nothing blocks promotion"
    if not promotion.updated:
        return "no changes: every stack is up to date"
    return f"promoted, in order: {', '.join(promotion.updated)}"
