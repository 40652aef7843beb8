"""Each provider's declaration matches its input model: the names it diffs by without loading
pydantic are the model's fields, and check's no-change path may read a left-out input as empty."""

from __future__ import annotations

import pytest

from pulumi_aep_streaming import provider


@pytest.mark.parametrize("name", provider.PROVIDER_NAMES)
def test_the_declaration_names_the_input_models_fields(name: str) -> None:
    p = getattr(provider, name)()
    # Every model also has ``description``, where the owner's mark goes (None for a kind without one).
    assert sorted({*p.declaration.input_names, "description"}) == sorted(p.inputs_model.model_fields)


@pytest.mark.parametrize("name", provider.PROVIDER_NAMES)
def test_an_input_that_holds_a_container_defaults_to_an_empty_one(name: str) -> None:
    """Check's no-change path reads an input the program left out (it sends no None) as unchanged
    when the earlier answer holds {} or [] for it: true only if the model fills in exactly that."""
    p = getattr(provider, name)()
    for field, info in p.inputs_model.model_fields.items():
        annotation = str(info.annotation)
        if not info.is_required() and ("dict" in annotation or "list" in annotation):
            assert info.default_factory is not None, (name, field)
            assert info.default_factory() in ({}, []), (name, field)
