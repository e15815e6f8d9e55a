"""SupportWise: plain-English questions over customer-support data, answered with SQL you can read."""

__version__ = "0.1.0"
