"""Knowledge kept as data: criteria catalogues, printed labels, municipalities."""
