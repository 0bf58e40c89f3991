"""kekpublish: publish Klantervaring in Kaart (KEK) studies as an accessible static site."""

__version__ = "0.1.0"
