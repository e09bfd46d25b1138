"""The site hub: one Loket installation serving the hall's live queue on the LAN
(docs/site-hub.md). ``server`` is the hub, ``client`` a member's side, ``discovery`` finds
hubs on the LAN by mDNS/DNS-SD."""
