"""A project's life: numbering and creation, the plan's baseline and forecast, closing and stopping."""
