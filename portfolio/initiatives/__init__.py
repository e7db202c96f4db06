"""The register of national initiatives (/initiatives/) that projects implement."""
