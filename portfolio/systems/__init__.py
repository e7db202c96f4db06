"""The system portfolio (/systems/): the IT systems, their list and exports, and the OS2 KITOS import."""
