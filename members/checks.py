from django.core import checks

from .signing import SigningKeyMissing, configured_secret, private_key_from


@checks.register(checks.Tags.security, deploy=True)
def seal_signing_key_configured(app_configs, **kwargs):
    """A site without its signing key serves every page, but no seal's credential."""
    try:
        private_key_from(configured_secret())
    except SigningKeyMissing as problem:
        return [
            checks.Warning(
                str(problem),
                hint="See SEAL_SIGNING_KEY_FILE in .env.example and 'Signing keys' in the README.",
                id="members.W001",
            )
        ]
    return []
