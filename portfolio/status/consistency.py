"""Advice, not rules: what in a status report looks inconsistent. The report still saves and submits;
the form and the message after submitting say it, so the leader decides."""

from portfolio.models import Light, StatusReport
from portfolio.selectors import LIGHT_RANK

# "Tidsplan står på rødt": a light as Danes say it of a traffic light (neuter).
STANDS_ON = {Light.RED: "rødt", Light.YELLOW: "gult"}


def _and_list(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} og {parts[-1]}"


def overall_light_warning(lights) -> str | None:
    """When the overall light is greener than a dimension's (green overall with a yellow or red part,
    yellow overall with a red part), the sentence that says so; otherwise None. `lights` maps each of
    StatusReport.DIMENSIONS to a light value; "not reported" has no colour and is left out."""
    overall = lights.get("overall")
    if overall not in LIGHT_RANK:
        return None
    worse = {Light.RED: [], Light.YELLOW: []}
    for dimension in StatusReport.DIMENSIONS[1:]:
        light = lights.get(dimension)
        if light in LIGHT_RANK and LIGHT_RANK[light] < LIGHT_RANK[overall]:
            worse[Light(light)].append(StatusReport._meta.get_field(dimension).verbose_name)
    parts = [f"{_and_list(names)} står på {STANDS_ON[light]}" for light, names in worse.items() if names]
    if not parts:
        return None
    return f"Den samlede status er {Light(overall).label.lower()}, men {', og '.join(parts)}."
