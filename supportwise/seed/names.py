"""Name material for people and companies, by region.

Names that are also everyday English words ("Will", "May", "Hope", "Long") are left
out on purpose: every name written into a comment is PII truth, and a common word
matching a name elsewhere in the text would muddy any detector's score.
"""

from __future__ import annotations

FIRST_NAMES = {
    "NA": (
        "James", "Olivia", "Ethan", "Madison", "Tyler", "Ashley", "Brandon", "Megan", "Kevin",
        "Lauren", "Marcus", "Jasmine", "Derek", "Brittany", "Caleb", "Heather", "Trevor",
        "Kayla", "Austin", "Shannon", "Darnell", "Tamika", "Connor", "Brooke", "Jared",
        "Courtney", "Dylan", "Alyssa", "Garrett", "Danielle", "Malik", "Kendra", "Colin",
        "Vanessa", "Logan", "Samantha", "Travis", "Rachel", "Nathan", "Melissa",
    ),
    "EMEA": (
        "Oliver", "Charlotte", "Lukas", "Sophie", "Matteo", "Giulia", "Lars", "Ingrid",
        "Pierre", "Camille", "Jonas", "Lea", "Pieter", "Sanne", "Tomasz", "Agnieszka",
        "Henrik", "Freya", "Andreas", "Katarina", "Nikolai", "Elena", "Finn", "Amelie",
        "Youssef", "Amira", "Stefan", "Annika", "Rory", "Siobhan", "Mehmet", "Elif",
        "Dimitri", "Zofia", "Hugo", "Margaux", "Emil", "Astrid", "Kwame", "Adaeze",
    ),
    "APAC": (
        "Hiroshi", "Yuki", "Kenji", "Aiko", "Wei", "Mei", "Jun", "Xiu", "Arjun", "Priya",
        "Rahul", "Ananya", "Vikram", "Deepika", "Minh", "Linh", "Jae-won", "Seo-yeon",
        "Ravi", "Kavya", "Takeshi", "Sakura", "Haruto", "Rin", "Bao", "Thanh", "Siddharth",
        "Neha", "Lachlan", "Matilda", "Hamish", "Isla", "Kiri", "Aroha", "Farhan", "Nurul",
        "Somchai", "Kanya", "Rizal", "Dewi",
    ),
    "LATAM": (
        "Mateo", "Valentina", "Santiago", "Camila", "Sebastian", "Isabella", "Diego",
        "Mariana", "Joao", "Beatriz", "Gabriel", "Larissa", "Andres", "Daniela", "Felipe",
        "Fernanda", "Rodrigo", "Luciana", "Alejandro", "Ximena", "Thiago", "Renata",
        "Emiliano", "Paula", "Nicolas", "Catalina", "Eduardo", "Juliana", "Ricardo",
        "Gabriela", "Martin", "Antonella", "Joaquin", "Florencia", "Leonardo", "Carolina",
        "Tomas", "Agustina", "Ignacio", "Regina",
    ),
}

LAST_NAMES = {
    "NA": (
        "Johnson", "Williams", "Miller", "Davis", "Anderson", "Thompson", "Robinson",
        "Walker", "Harris", "Mitchell", "Carter", "Parker", "Collins", "Stewart", "Morris",
        "Murphy", "Cooper", "Richardson", "Howard", "Ward", "Peterson", "Gray", "Ramirez",
        "Jenkins", "Perry", "Russell", "Sullivan", "Bennett", "Hayes", "Patterson",
        "Coleman", "Henderson", "Washington", "Simmons", "Foster", "Bryant", "Gonzales",
        "Alexander", "Griffin", "Kowalski",
    ),
    "EMEA": (
        "Schmidt", "Schneider", "Fischer", "Weber", "Rossi", "Bianchi", "Johansson",
        "Lindqvist", "Dubois", "Moreau", "Laurent", "de Vries", "Jansen", "Nowak",
        "Kowalczyk", "Hansen", "Nielsen", "Papadopoulos", "O'Brien", "MacLeod", "Byrne",
        "Fitzgerald", "Novak", "Horvat", "Yilmaz", "Demir", "Haddad", "Mansour", "Okafor",
        "Mensah", "Petrov", "Ivanova", "Becker", "Hoffmann", "Garnier", "Ferrari",
        "Van den Berg", "Eriksson", "Virtanen", "Kaya",
    ),
    "APAC": (
        "Tanaka", "Suzuki", "Watanabe", "Yamamoto", "Nakamura", "Wang", "Zhang", "Chen",
        "Liu", "Huang", "Sharma", "Patel", "Gupta", "Iyer", "Reddy", "Nguyen", "Tran",
        "Pham", "Kim", "Park", "Choi", "Lim", "Tan", "Goh", "Ong", "Wong", "Singh",
        "Krishnan", "Menon", "Fraser", "McKenzie", "Whitfield", "Ngata", "Parata",
        "Rahman", "Hassan", "Santoso", "Wijaya", "Chaiyaporn", "Sato",
    ),
    "LATAM": (
        "Garcia", "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Perez",
        "Sanchez", "Ramos", "Torres", "Flores", "Rivera", "Gomez", "Diaz", "Morales",
        "Ortiz", "Gutierrez", "Chavez", "Castillo", "Vargas", "Silva", "Santos", "Oliveira",
        "Souza", "Pereira", "Costa", "Almeida", "Carvalho", "Ribeiro", "Mendoza", "Rojas",
        "Herrera", "Medina", "Aguilar", "Vega", "Navarro", "Fuentes", "Cabrera", "Paredes",
        "Figueroa",
    ),
}

COMPANY_STEMS = (
    "Acme", "Bluefin", "Copperline", "Northgate", "Silverleaf", "Redwood", "Brightwater",
    "Ironbridge", "Sunpeak", "Granite", "Clearpath", "Stonebrook", "Lakeshore", "Summit",
    "Evergreen", "Pinecrest", "Harborview", "Westbrook", "Eastfield", "Oakridge", "Bluebird",
    "Falcon", "Kestrel", "Orion", "Vertex", "Nimbus", "Zephyr", "Meridian", "Polaris",
    "Atlas", "Beacon", "Cascade", "Driftwood", "Ember", "Fieldstone", "Goldcrest", "Highland",
    "Juniper", "Keystone", "Lumen", "Maple", "Nova", "Oasis", "Pioneer", "Quarry", "Riverbend",
    "Sagebrush", "Tidewater", "Union", "Vantage", "Willow", "Yellowstone", "Apex", "Bramble",
    "Cobalt", "Delta", "Elm", "Foxglove", "Glacier", "Horizon", "Indigo", "Jade", "Kinetic",
    "Lighthouse", "Mosaic", "Northstar", "Onyx", "Prairie", "Quartz", "Rocket", "Sequoia",
    "Trident", "Upland", "Velvet", "Wavecrest", "Alder", "Birch", "Cedar", "Hawthorn",
    "Larkspur", "Marigold", "Nettle", "Osprey", "Peregrine", "Rowan", "Saffron", "Thistle",
    "Aurora", "Brightpath", "Crescent", "Daybreak", "Everline", "Firefly", "Greenway",
    "Halcyon", "Ivory", "Jetstream", "Kingfisher", "Lodestar", "Monarch",
)

COMPANY_TRADES = (
    "Logistics", "Analytics", "Health", "Foods", "Labs", "Software", "Consulting", "Media",
    "Energy", "Retail", "Robotics", "Capital", "Dental", "Realty", "Freight", "Outfitters",
    "Biotech", "Insurance", "Learning", "Travel", "Studios", "Manufacturing", "Security",
    "Telecom", "Pharma", "Apparel", "Marine", "Aerospace", "Legal", "Architects", "Clinics",
    "Brewing", "Coffee", "Fitness", "Payments", "Staffing", "Motors", "Solar", "Games",
    "Publishing",
)

LEGAL_FORMS = {
    "NA": ("Inc.", "LLC", "Corp.", "", "", "", "Co."),
    "EMEA": ("GmbH", "Ltd", "B.V.", "S.A.S.", "AG", "AB", "S.r.l.", "plc", ""),
    "APAC": ("Pty Ltd", "Pte. Ltd.", "K.K.", "Pvt. Ltd.", "Limited", ""),
    "LATAM": ("S.A.", "S.A. de C.V.", "Ltda.", "SpA", "S.R.L.", ""),
}

EMAIL_DOMAINS = {
    "NA": (".com", ".com", ".io", ".co", ".us"),
    "EMEA": (".co.uk", ".de", ".fr", ".nl", ".eu", ".com", ".se", ".it"),
    "APAC": (".com.au", ".co.jp", ".sg", ".in", ".co.nz", ".com"),
    "LATAM": (".com.br", ".com.mx", ".cl", ".com.ar", ".co", ".com"),
}

FREE_MAIL = ("gmail.com", "outlook.com", "yahoo.com", "proton.me", "icloud.com")

JOB_TITLES = (
    "Operations Manager", "Head of Sales Ops", "CRM Administrator", "IT Manager", "Office Manager",
    "Finance Lead", "Marketing Coordinator", "Customer Success Manager", "CTO", "Founder",
    "Revenue Operations", "Data Analyst", "Account Executive", "VP Operations", "Systems Admin",
)
