"""What benefits offers other apps' templates about a project's business case. Portfolio's closing report
asks this tag for the business case's totals, so the project register never imports benefits."""

from django import template

from benefits.business_case import business_case_summary

register = template.Library()


@register.simple_tag
def business_case_summary_of(business_case):
    """{% business_case_summary_of business_case as summary %}: its totals per year (one query), or None."""
    return business_case_summary(business_case)
