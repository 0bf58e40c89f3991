"""The pipeline: files -> model -> anonymised model -> computed views -> Publication."""
