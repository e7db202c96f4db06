"""Single sign-on: the municipality's own login (OpenID Connect or SAML 2.0) signs people in.

One path for both protocols: each protocol module (oidc.py, saml.py) turns what its identity provider says
into an `people.Identity`, and `people.sso_person_sign_in` decides who that is in the portal (the key it
keeps is portfolio.models.ExternalIdentity). Rights never come from the identity provider: they follow body
memberships and project roles as for everyone else.
"""
