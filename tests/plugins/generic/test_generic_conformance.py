"""The generic plugin passes the conformance kit, as every plugin's own tests should."""

from vocrehab.hooks.testing import conformance_test
from vocrehab_generic.jurisdiction import GenericJurisdiction

test_conformance = conformance_test(GenericJurisdiction)
