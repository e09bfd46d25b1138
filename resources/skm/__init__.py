"""SKM questionnaires (Permenpan RB 14/2017), one JSON file per version."""
