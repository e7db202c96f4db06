"""The demo's literal data, by noun. Literals only: the code that writes them is in governance.demo.build*."""
