"""What every resource sends its provider besides the inputs its declaration names
(declarations.py): the owner of the entity it makes, and which of its ids the program wrote out.
"""

from __future__ import annotations

# Every resource also sends its owner, the instance that makes its entity (provider/ownership.py).
OWNER = "owner"
# The program's list of a resource's id inputs written as literals (read at check; not stored).
LITERALS = "literal_ids"
# Inputs of list items that name an entity by a code the program may write out: written out, the
# provider reads them at check too (``identities[0].namespace``).
NESTED_LITERALS = ("namespace",)


def owner_key(project: str, stack: str, resource_name: str) -> str:
    """The owner a resource of this project and stack writes on the entities it makes."""
    return f"{project}/{stack}/{resource_name}"
