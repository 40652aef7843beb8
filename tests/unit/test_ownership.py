"""The owner's mark on a description: the program's text and the owner come back exactly."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pulumi_aep_streaming.provider.ownership import marked, split

OWNERS = st.text(min_size=1).filter(lambda o: "\n" not in o)


@given(st.one_of(st.none(), st.text()), OWNERS)
def test_the_program_text_and_the_owner_come_back(description: str | None, owner: str) -> None:
    assert split(marked(description, owner)) == (description or None, owner)


@given(st.one_of(st.none(), st.text()))
def test_without_an_owner_nothing_is_added(description: str | None) -> None:
    assert marked(description, None) == description


def test_a_description_a_person_wrote_has_no_owner() -> None:
    assert split("People posted by our webhook") == ("People posted by our webhook", None)
    assert split("see pulumi-owner: x") == ("see pulumi-owner: x", None)  # not on a line of its own
    assert split("pulumi-owner: proj/dev/r") == (None, "proj/dev/r")
