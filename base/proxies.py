"""The client's address, behind the reverse proxies the settings declare.

Each proxy appends the address it received the request from to X-Forwarded-For. With
AXES_IPWARE_PROXY_COUNT = n proxies in front of the portal, the client is the n-th
address from the right: what the outermost proxy saw. Entries further left were written
by the client and are not trusted (anyone can send the header). Without proxies
(n = 0, the default), the header is ignored: the client is REMOTE_ADDR.

django-axes keys its lock-outs on this address (AXES_CLIENT_IP_CALLABLE), so that a
lock-out behind a proxy is one client's, not everyone's, and cannot be dodged by
sending a forged header.
"""

import ipaddress

from django.conf import settings


def proxy_count():
    return int(getattr(settings, "AXES_IPWARE_PROXY_COUNT", None) or 0)


def client_ip(request):
    count = proxy_count()
    remote = request.META.get("REMOTE_ADDR", "")
    if count <= 0:
        return remote
    forwarded = [
        part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
    ]
    if len(forwarded) < count:
        return remote  # not through every proxy: only the direct peer is known
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
