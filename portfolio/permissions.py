"""The one place that decides object access for views."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from guardian.core import ObjectPermissionChecker


def user_can(user, perm, obj) -> bool:
    """A global permission (from a body's group, e.g. the programme group) or an object permission
    (from a role on this object, granted by a service). Django's ModelBackend answers only the first,
    guardian only the second."""
    return user.has_perm(perm) or user.has_perm(perm, obj)


def user_perms_on(user, obj) -> set[str]:
    """Every permission ("app.codename") `user` holds on `obj`, global or object: one lookup for a page
    that asks several questions (may edit? may report?) instead of a query pair per question."""
    if not user.is_authenticated or not user.is_active:
        return set()
    app_label = obj._meta.app_label
    granted = {perm for perm in user.get_all_permissions() if perm.startswith(f"{app_label}.")}
    granted |= {f"{app_label}.{codename}" for codename in ObjectPermissionChecker(user).get_perms(obj)}
    return granted


def objects_user_can(user, perm, objects) -> set:
    """The pks of those `objects` (of one model) on which `user` holds `perm`, globally or on the object:
    one lookup for a whole list (two queries at most, none for a global permission or an empty list)."""
    objects = list(objects)
    if not objects or not user.is_authenticated or not user.is_active:
        return set()
    if user.has_perm(perm):
        return {obj.pk for obj in objects}
    checker = ObjectPermissionChecker(user)
    checker.prefetch_perms(objects)
    codename = perm.split(".", 1)[1]
    return {obj.pk for obj in objects if checker.has_perm(codename, obj)}


def get_object_for_user_or_404(user, perm, queryset, **lookup):
    """Load an object or 404, then require `perm` on it or 403.

    `perm` may be None for objects every logged-in user reads (the open municipality).
    """
    obj = get_object_or_404(queryset, **lookup)
    if perm is not None and not user_can(user, perm, obj):
        raise PermissionDenied
    return obj
