"""KeyClients for Excel: key clients of a distributor, found and explained."""
