"""Django's Jinja2 backend, plus the `template_rendered` signal that Django's own template
engine sends, so the test client can show tests the context a page was rendered with."""

from django.template.backends.jinja2 import Jinja2 as DjangoJinja2
from django.template.backends.jinja2 import Template as DjangoTemplate
from django.test.signals import template_rendered


class Template(DjangoTemplate):
    def render(self, context=None, request=None):
        rendered = super().render(context, request)
        if template_rendered.receivers:  # only the test client listens
            template_rendered.send(sender=self, template=self, context=dict(context or {}))
        return rendered


class Jinja2(DjangoJinja2):
    def get_template(self, template_name):
        template = super().get_template(template_name)
        return Template(template.template, self)

    def from_string(self, template_code):
        return Template(self.env.from_string(template_code), self)
