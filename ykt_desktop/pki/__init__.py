"""Units and trust: the county root, enrolment of townships and villages, the trust store.

Every certificate names its unit's region code (subject serialNumber and a
``urn:ykt:unit:<code>`` URI). The county root certifies townships; a township's certificate is a
CA limited to its own region, so it can certify its villages and every signature chains to the
county root. Keys of units that work without enrolment can be trusted one by one (未登记签名).
"""
