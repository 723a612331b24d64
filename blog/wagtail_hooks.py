"""The blog's part in the member's account: what the data download shows and what an account's
deletion takes along."""

from wagtail import hooks

from . import selectors, services

hooks.register("personal_data_of_member", selectors.personal_data_of)
hooks.register("before_member_account_delete", services.forget_member)
