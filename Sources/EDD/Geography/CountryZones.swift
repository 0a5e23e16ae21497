/// Default time zones of countries other than the US and Brazil (and of a few regions within them).
enum CountryZones {
    static let byCountry: [String: String] = [
        "CA": "America/Toronto", "MX": "America/Mexico_City", "GB": "Europe/London", "IE": "Europe/Dublin",
        "DE": "Europe/Berlin", "FR": "Europe/Paris", "ES": "Europe/Madrid", "PT": "Europe/Lisbon", "IT": "Europe/Rome",
        "NL": "Europe/Amsterdam", "BE": "Europe/Brussels", "LU": "Europe/Luxembourg", "CH": "Europe/Zurich",
        "AT": "Europe/Vienna", "DK": "Europe/Copenhagen", "SE": "Europe/Stockholm", "NO": "Europe/Oslo",
        "FI": "Europe/Helsinki", "PL": "Europe/Warsaw", "CZ": "Europe/Prague", "GR": "Europe/Athens",
        "TR": "Europe/Istanbul", "RU": "Europe/Moscow", "IL": "Asia/Jerusalem", "AE": "Asia/Dubai",
        "IN": "Asia/Kolkata", "CN": "Asia/Shanghai", "HK": "Asia/Hong_Kong", "JP": "Asia/Tokyo", "KR": "Asia/Seoul",
        "SG": "Asia/Singapore", "AU": "Australia/Sydney", "NZ": "Pacific/Auckland", "AR": "America/Argentina/Buenos_Aires",
        "CL": "America/Santiago", "CO": "America/Bogota", "PE": "America/Lima", "ZA": "Africa/Johannesburg",
        "EG": "Africa/Cairo", "NG": "Africa/Lagos",
    ]

    static let regional: [String: String] = [
        "CA/BC": "America/Vancouver", "CA/AB": "America/Edmonton", "CA/SK": "America/Regina", "CA/MB": "America/Winnipeg",
        "CA/QC": "America/Toronto", "CA/NS": "America/Halifax", "CA/NB": "America/Moncton", "CA/NL": "America/St_Johns",
        "AU/WA": "Australia/Perth", "AU/SA": "Australia/Adelaide", "AU/QLD": "Australia/Brisbane",
        "AU/NT": "Australia/Darwin", "AU/VIC": "Australia/Melbourne", "AU/TAS": "Australia/Hobart",
        "MX/BC": "America/Tijuana", "MX/SON": "America/Hermosillo", "MX/CHH": "America/Chihuahua",
    ]
}
