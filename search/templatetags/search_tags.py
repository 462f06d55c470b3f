from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key)


@register.filter
def labelled(value, labels):
    """The label of a facet value ("es" → "Spanish") or the labels of a list of them, from the
    {value: label} map of one facet the view passes (`labels.language`)."""
    if isinstance(value, list | tuple):
        return [labels.get(item, item) for item in value]
    return labels.get(value, value)
