"""The one place that decides object access for views."""

from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from guardian.core import ObjectPermissionChecker
from guardian.ctypes import get_content_type
from guardian.utils import get_group_obj_perms_model, get_user_obj_perms_model

from portfolio.prepared import PreparedQuery


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
    granted = {f"{app_label}.{codename}" for codename in _global_perms(user, app_label)}
    granted |= {f"{app_label}.{codename}" for codename in _object_perms(user, obj)}
    return granted


def _user_and_group_perms(*, user):
    """ModelBackend's global permissions of an active user who is no superuser (its user and group
    permissions) as (app label, codename); the other backends (axes, guardian's) grant no global one."""
    perms = Permission.objects.order_by().values_list("content_type__app_label", "codename")
    return perms.filter(user=user).union(perms.filter(group__user=user))


# On every view of a project's page, compiled once: ModelBackend builds two queries for it (~0.5 ms).
_GLOBAL_PERMS = PreparedQuery(_user_and_group_perms, "user")


def _global_perms(user, app_label) -> list[str]:
    """The codenames of `user`'s global permissions in `app_label`, as user.get_all_permissions() has
    them (a superuser's from it: every permission)."""
    if user.is_superuser:
        prefix = f"{app_label}."
        return [perm.removeprefix(prefix) for perm in user.get_all_permissions() if perm.startswith(prefix)]
    return [codename for app, codename in _GLOBAL_PERMS.rows(user=user.pk) if app == app_label]


_OBJECT_PERMS_QUERIES = {}  # model -> PreparedQuery, for the models with guardian's direct permission tables


def _object_perms(user, obj) -> list[str]:
    """The codenames of guardian's object permissions `user` holds on `obj`, itself or through a group:
    what ObjectPermissionChecker.get_perms answers, in one query compiled once (the project page asks on
    every view; the checker builds two). Superusers and generic permission tables go to guardian."""
    if user.is_superuser:
        return ObjectPermissionChecker(user).get_perms(obj)
    model = type(obj)
    if model not in _OBJECT_PERMS_QUERIES:
        user_model, group_model = get_user_obj_perms_model(obj), get_group_obj_perms_model(obj)
        direct = not (user_model.objects.is_generic() or group_model.objects.is_generic())
        _OBJECT_PERMS_QUERIES[model] = direct and PreparedQuery(
            lambda **ids: _object_perms_of(user_model, group_model, **ids), "user", "obj", "ctype"
        )
    query = _OBJECT_PERMS_QUERIES[model]
    if not query:
        return ObjectPermissionChecker(user).get_perms(obj)
    rows = query.rows(user=user.pk, obj=obj.pk, ctype=get_content_type(obj).pk)
    return [codename for (codename,) in rows]


def _object_perms_of(user_model, group_model, *, user, obj, ctype):
    """guardian's two questions (ObjectPermissionChecker.get_user_perms and get_group_perms) as one."""
    by_user = user_model.permission.field.related_query_name()
    by_group = group_model.permission.field.related_query_name()
    perms = Permission.objects.filter(content_type=ctype).order_by().values_list("codename")
    mine = perms.filter(**{f"{by_user}__user": user, f"{by_user}__content_object": obj})
    groups = perms.filter(**{f"{by_group}__group__user": user, f"{by_group}__content_object": obj})
    return mine.union(groups)


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
