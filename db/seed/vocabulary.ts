/**
 * Words the seed builds products from. Plain data; catalog.ts does the choosing.
 * Colours are lower-case, sizes upper-case, categories lower-case.
 */

/** Every colour the seed uses, with the 3-letter code that goes into SKUs. */
export const COLOR_CODES: Readonly<Record<string, string>> = {
  // blues
  navy: "NVY",
  "sky blue": "SKY",
  "royal blue": "RYL",
  "powder blue": "PWD",
  "cobalt blue": "CBT",
  teal: "TEL",
  "light blue": "LBL",
  "midnight blue": "MDN",
  indigo: "IND",
  // everything else
  black: "BLK",
  white: "WHT",
  red: "RED",
  green: "GRN",
  beige: "BGE",
  pink: "PNK",
  grey: "GRY",
  olive: "OLV",
  burgundy: "BRG",
  cream: "CRM",
  brown: "BRN",
  tan: "TAN",
  yellow: "YLW",
  lavender: "LAV",
  orange: "ORG",
  silver: "SLV",
  gold: "GLD",
  charcoal: "CHR",
  khaki: "KHK",
  camel: "CML",
  emerald: "EMR",
  mustard: "MST",
  coral: "CRL",
  sage: "SGE",
  ivory: "IVR",
  plum: "PLM",
  blush: "BLS",
  "rose gold": "RSG",
  rose: "RSE",
  berry: "BRY",
  nude: "NDE",
  terracotta: "TRC",
};

/** The shades a shopper asking for "blue" should be shown. */
export const BLUE_SHADES: readonly string[] = [
  "navy",
  "sky blue",
  "royal blue",
  "powder blue",
  "cobalt blue",
  "teal",
  "light blue",
  "midnight blue",
  "indigo",
];

export const APPAREL_SIZES: readonly string[] = ["XS", "S", "M", "L", "XL"];
export const SHOE_SIZES: readonly string[] = ["36", "37", "38", "39", "40", "41", "42", "43", "44"];

export type PriceEnding = "retail" | "grocery";

/** Clothes and shoes: a modifier + noun title, colours × sizes. */
export interface ApparelSpec {
  readonly kind: "apparel";
  readonly category: string;
  readonly code: string;
  readonly weight: number;
  readonly brands: readonly string[];
  readonly modifiers: readonly string[];
  readonly nouns: readonly string[];
  readonly palette: readonly string[];
  readonly sizes: readonly string[];
  /** How many consecutive sizes a product comes in. */
  readonly sizeRun: readonly [number, number];
  readonly colorRun: readonly [number, number];
  /** Minor units. */
  readonly price: readonly [number, number];
  readonly openers: readonly string[];
  readonly details: readonly string[];
}

/** One kind of thing a goods category sells. */
export interface ItemSpec {
  readonly noun: string;
  /** Candidate sizes, smallest first; absent = the variant has no size. */
  readonly sizes?: readonly string[];
  /** Candidate colours; absent = no colour. */
  readonly colors?: readonly string[];
  readonly maxColors?: number;
  /** Minor units for the smallest size. */
  readonly price: readonly [number, number];
  readonly blurb: string;
}

/** Groceries, electronics, home goods, beauty: a list of item kinds. */
export interface GoodsSpec {
  readonly kind: "goods";
  readonly category: string;
  readonly code: string;
  readonly weight: number;
  readonly brands: readonly string[];
  /** Optional words put before the noun ("Organic"). */
  readonly prefixes: readonly string[];
  readonly prefixChance: number;
  /** Optional words put after the noun ("Pro"). */
  readonly suffixes: readonly string[];
  readonly suffixChance: number;
  /** Chance a sized item comes in a single size. */
  readonly singleSizeChance: number;
  readonly ending: PriceEnding;
  readonly items: readonly ItemSpec[];
  readonly details: readonly string[];
}

export type CategorySpec = ApparelSpec | GoodsSpec;

const DRESS_PALETTE = [
  "navy", "sky blue", "royal blue", "powder blue", "cobalt blue", "teal", "light blue",
  "black", "white", "red", "green", "beige", "pink", "grey", "olive", "burgundy", "cream",
  "yellow", "lavender", "emerald", "mustard", "coral", "sage", "ivory", "plum",
] as const;

const TOP_PALETTE = [
  "white", "black", "grey", "navy", "sky blue", "powder blue", "cobalt blue", "beige", "cream",
  "pink", "red", "green", "olive", "khaki", "lavender", "yellow", "sage", "charcoal", "teal",
] as const;

const CARE = [
  "Machine wash cold.",
  "Machine wash at 30°C, line dry.",
  "Hand wash recommended.",
  "Dry clean only.",
  "Cool iron if needed.",
];

export const CATEGORY_SPECS: readonly CategorySpec[] = [
  {
    kind: "apparel",
    category: "dresses",
    code: "DRS",
    weight: 12,
    brands: ["Marlowe", "Juniper & Lane", "Oak Street", "Soleil", "Hazel Row", "Northbound", "Ellery", "Aster Studio"],
    modifiers: [
      "Linen", "Cotton", "Satin", "Jersey", "Floral", "Pleated", "Tiered", "Ribbed", "Smocked", "Chiffon",
      "Velvet", "Striped", "Polka Dot", "Ruched", "Button-Front", "Belted", "Puff-Sleeve", "Broderie", "Crepe", "Gingham",
    ],
    nouns: [
      "Midi Dress", "Maxi Dress", "Mini Dress", "Wrap Dress", "Slip Dress", "Shirt Dress", "Sundress", "Shift Dress",
      "Skater Dress", "Tea Dress", "A-Line Dress", "Smock Dress", "Sweater Dress", "Bodycon Dress",
    ],
    palette: DRESS_PALETTE,
    sizes: APPAREL_SIZES,
    sizeRun: [3, 5],
    colorRun: [1, 3],
    price: [1999, 14999],
    openers: [
      "An easy {item} that moves from desk to dinner.",
      "A flattering {item} with a softly fitted waist.",
      "This {item} is cut to skim the body and fall just right.",
      "A wardrobe staple: the {item}, updated for the season.",
      "Lightweight and breathable, this {item} is made for warm days.",
    ],
    details: [
      "Side seam pockets and a concealed back zip.",
      "Adjustable straps and a lined bodice.",
      "Fully lined, with a relaxed fit through the hips.",
      "Short sleeves and a V-neckline.",
      "Tie waist you can wear loose or cinched.",
    ],
  },
  {
    kind: "apparel",
    category: "tops",
    code: "TOP",
    weight: 12,
    brands: ["Oak Street", "Basics Co.", "Northbound", "Linea", "Harbor & Pine", "Everyday Cotton", "Soleil"],
    modifiers: [
      "Cotton", "Linen", "Oversized", "Cropped", "Ribbed", "Striped", "Organic Cotton", "Silk", "Relaxed",
      "Slim Fit", "Boxy", "Long-Sleeve", "Short-Sleeve", "Sleeveless", "Merino",
    ],
    nouns: [
      "T-Shirt", "Tank Top", "Blouse", "Camisole", "Polo Shirt", "Henley", "Crew Neck Tee", "V-Neck Tee",
      "Oxford Shirt", "Sweatshirt", "Hoodie", "Cardigan", "Knit Sweater", "Turtleneck",
    ],
    palette: TOP_PALETTE,
    sizes: APPAREL_SIZES,
    sizeRun: [3, 5],
    colorRun: [1, 4],
    price: [999, 7999],
    openers: [
      "A go-to {item} with a soft hand feel.",
      "This {item} layers under everything.",
      "A clean-lined {item} in a breathable knit.",
      "The {item} you will reach for every week.",
    ],
    details: [
      "Regular fit, true to size.",
      "Dropped shoulders and a relaxed body.",
      "Pre-shrunk, so it keeps its shape.",
      "Reinforced seams and a tagless neck.",
    ],
  },
  {
    kind: "apparel",
    category: "jeans",
    code: "JNS",
    weight: 8,
    brands: ["Levi's", "Indigo Supply", "Rivet & Thread", "Denim Union", "Oak Street"],
    modifiers: [
      "Slim Fit", "Straight Leg", "Skinny", "Relaxed Fit", "Bootcut", "Wide Leg", "High-Rise", "Mom",
      "Tapered", "Flared", "Vintage Wash", "Stretch",
    ],
    nouns: ["Jeans", "Denim Jeans", "Ankle Jeans", "Carpenter Jeans", "Selvedge Jeans"],
    palette: ["indigo", "light blue", "navy", "black", "grey", "white"],
    sizes: APPAREL_SIZES,
    sizeRun: [4, 5],
    colorRun: [1, 2],
    price: [2999, 12999],
    openers: [
      "Classic five-pocket {item} in rigid-feel denim.",
      "These {item} soften with every wear.",
      "Comfort-stretch {item} that hold their shape all day.",
    ],
    details: [
      "Zip fly with a shank button.",
      "Mid-weight 12 oz denim.",
      "Cut with a little room through the thigh.",
    ],
  },
  {
    kind: "apparel",
    category: "shoes",
    code: "SHO",
    weight: 8,
    brands: ["Stride", "Wanderly", "Cobble & Co.", "Fleetfoot", "Ardent", "Soleil"],
    modifiers: [
      "Leather", "Canvas", "Suede", "Running", "Trail", "Knit", "Classic", "Platform", "Slip-On",
      "Waterproof", "Minimalist", "Retro",
    ],
    nouns: [
      "Sneakers", "Loafers", "Ankle Boots", "Chelsea Boots", "Sandals", "Ballet Flats", "Running Shoes",
      "Trainers", "Espadrilles", "Mules", "Derby Shoes", "Hiking Boots",
    ],
    palette: ["black", "white", "brown", "tan", "navy", "beige", "grey", "red", "pink", "olive"],
    sizes: SHOE_SIZES,
    sizeRun: [4, 7],
    colorRun: [1, 2],
    price: [2999, 18999],
    openers: [
      "Cushioned {item} built for all-day wear.",
      "Lightweight {item} with a grippy rubber sole.",
      "Timeless {item} that go with everything.",
    ],
    details: [
      "Removable footbed; EU sizing.",
      "Padded collar and a flexible outsole.",
      "True to size; half sizes should size up.",
    ],
  },
  {
    kind: "apparel",
    category: "jackets",
    code: "JKT",
    weight: 6,
    brands: ["Northbound", "Fieldcraft", "Harbor & Pine", "Alder", "Oak Street"],
    modifiers: [
      "Quilted", "Denim", "Leather", "Waterproof", "Packable", "Wool-Blend", "Corduroy", "Fleece",
      "Lightweight", "Padded", "Cropped", "Oversized",
    ],
    nouns: [
      "Jacket", "Bomber Jacket", "Puffer Jacket", "Rain Jacket", "Trench Coat", "Blazer", "Parka",
      "Overshirt", "Windbreaker", "Gilet", "Peacoat", "Shacket",
    ],
    palette: ["black", "navy", "olive", "khaki", "camel", "grey", "beige", "burgundy", "cobalt blue", "green", "cream"],
    sizes: APPAREL_SIZES,
    sizeRun: [3, 5],
    colorRun: [1, 3],
    price: [3999, 29999],
    openers: [
      "A hard-working {item} for changeable weather.",
      "This {item} layers easily over knits.",
      "A smart {item} with a clean silhouette.",
    ],
    details: [
      "Two zip pockets and an inner chest pocket.",
      "Water-repellent finish.",
      "Hip length with adjustable cuffs.",
    ],
  },
  {
    kind: "goods",
    category: "groceries",
    code: "GRC",
    weight: 14,
    brands: ["Harvest Lane", "Green Pantry", "Miller & Co.", "Sunny Fields", "Daily Basket", "Old Mill", "Nature's Table"],
    prefixes: ["Organic", "Classic", "Wholegrain", "Premium", "Family-Size", "Fairtrade", "Free-From"],
    prefixChance: 0.4,
    suffixes: [],
    suffixChance: 0,
    singleSizeChance: 0.85,
    ending: "grocery",
    items: [
      { noun: "Extra Virgin Olive Oil", sizes: ["500ML", "1L"], price: [599, 1299], blurb: "Cold-pressed, fruity and peppery." },
      { noun: "Basmati Rice", sizes: ["1KG", "5KG"], price: [299, 699], blurb: "Long, fluffy grains that cook in 12 minutes." },
      { noun: "Jasmine Rice", sizes: ["1KG", "5KG"], price: [299, 649], blurb: "Fragrant Thai rice, soft and slightly sticky." },
      { noun: "Rolled Oats", sizes: ["500G", "1KG"], price: [199, 449], blurb: "Hearty oats for porridge and baking." },
      { noun: "Penne Rigate", sizes: ["500G"], price: [129, 329], blurb: "Bronze-cut durum wheat pasta." },
      { noun: "Spaghetti", sizes: ["500G", "1KG"], price: [119, 299], blurb: "Classic long pasta, al dente in 9 minutes." },
      { noun: "Wildflower Honey", sizes: ["340G"], price: [549, 1099], blurb: "Raw honey from small apiaries." },
      { noun: "Strawberry Jam", sizes: ["370G"], price: [299, 599], blurb: "Made with 60% fruit." },
      { noun: "Crunchy Peanut Butter", sizes: ["340G", "1KG"], price: [299, 599], blurb: "Just roasted peanuts and a pinch of salt." },
      { noun: "Dark Chocolate 70%", sizes: ["100G"], price: [199, 449], blurb: "Single-origin cocoa, smooth and intense." },
      { noun: "Sea Salt Crackers", sizes: ["200G"], price: [199, 399], blurb: "Light, crisp and perfect with cheese." },
      { noun: "Maple Pecan Granola", sizes: ["500G"], price: [399, 799], blurb: "Clustered oats baked with maple syrup." },
      { noun: "Roasted Almonds", sizes: ["250G", "500G"], price: [449, 899], blurb: "Dry-roasted, lightly salted." },
      { noun: "Chickpeas", sizes: ["400G"], price: [89, 199], blurb: "Ready to use, no soaking needed." },
      { noun: "Chopped Tomatoes", sizes: ["400G"], price: [89, 199], blurb: "Sun-ripened Italian tomatoes." },
      { noun: "Coconut Milk", sizes: ["400ML"], price: [149, 299], blurb: "Rich and creamy, for curries and desserts." },
      { noun: "Pure Maple Syrup", sizes: ["250ML", "500ML"], price: [699, 1399], blurb: "Grade A amber, tapped in Quebec." },
      { noun: "Sourdough Loaf", price: [399, 699], blurb: "Slow-fermented for 24 hours, baked daily." },
      { noun: "Free-Range Eggs", sizes: ["6PK", "12PK"], price: [249, 499], blurb: "From hens with room to roam." },
      { noun: "Mature Cheddar", sizes: ["200G", "400G"], price: [299, 649], blurb: "Aged 12 months for a sharp finish." },
      { noun: "Greek Yogurt", sizes: ["500G"], price: [249, 499], blurb: "Thick, strained and high in protein." },
      { noun: "Hass Avocados", sizes: ["4PK"], price: [349, 599], blurb: "Ripe and ready in two days." },
      { noun: "Bananas", sizes: ["1KG"], price: [99, 249], blurb: "Fairtrade bananas, sold by the bunch." },
      { noun: "Tricolour Quinoa", sizes: ["500G"], price: [349, 699], blurb: "Complete protein, ready in 15 minutes." },
      { noun: "Tomato & Basil Pasta Sauce", sizes: ["500G"], price: [249, 499], blurb: "Slow-cooked with Italian tomatoes." },
      { noun: "Tortilla Chips", sizes: ["200G"], price: [199, 399], blurb: "Stone-ground corn, lightly salted." },
      { noun: "Baker's Plain Flour", sizes: ["1KG", "1.5KG"], price: [129, 299], blurb: "All-purpose flour for cakes and sauces." },
      { noun: "Frozen Garden Peas", sizes: ["1KG"], price: [199, 349], blurb: "Picked and frozen within hours." },
    ],
    details: ["Store in a cool, dry place.", "Suitable for vegetarians.", "Packed in recyclable packaging.", "Best before date on pack."],
  },
  {
    kind: "goods",
    category: "beverages",
    code: "BEV",
    weight: 10,
    brands: ["Brightwater", "Teahouse Co.", "Roast & Ritual", "Orchard Press", "Fizzwell", "Kyoto Leaf"],
    prefixes: ["Organic", "Classic", "Sparkling", "Premium", "Cold-Pressed"],
    prefixChance: 0.25,
    suffixes: [],
    suffixChance: 0,
    singleSizeChance: 0.85,
    ending: "grocery",
    items: [
      { noun: "Mineral Water", sizes: ["500ML", "1.5L", "6PK"], price: [89, 249], blurb: "Naturally filtered spring water." },
      { noun: "Orange Juice", sizes: ["1L"], price: [299, 549], blurb: "Squeezed from ripe Valencia oranges, not from concentrate." },
      { noun: "Apple Juice", sizes: ["1L"], price: [249, 449], blurb: "Pressed from English orchard apples." },
      { noun: "Cold Brew Coffee", sizes: ["250ML", "1L"], price: [299, 699], blurb: "Steeped for 18 hours for a smooth cup." },
      { noun: "Ground Coffee", sizes: ["250G", "1KG"], price: [549, 1499], blurb: "Medium roast with notes of cocoa and caramel." },
      { noun: "Espresso Beans", sizes: ["250G", "1KG"], price: [699, 1899], blurb: "Dark roast whole beans for espresso." },
      { noun: "Ginger Kombucha", sizes: ["330ML"], price: [249, 399], blurb: "Raw, live-cultured and lightly fizzy." },
      { noun: "Coconut Water", sizes: ["330ML", "1L"], price: [199, 449], blurb: "Pure coconut water, nothing added." },
      { noun: "Cloudy Lemonade", sizes: ["750ML"], price: [199, 349], blurb: "Made with real lemon juice." },
      { noun: "Earl Grey Tea", sizes: ["40PK", "80PK"], price: [299, 599], blurb: "Black tea scented with bergamot." },
      { noun: "English Breakfast Tea", sizes: ["40PK", "80PK"], price: [249, 549], blurb: "A strong, malty black tea blend." },
      { noun: "Chamomile Tea", sizes: ["20PK"], price: [249, 449], blurb: "A calming caffeine-free infusion." },
      { noun: "Peppermint Tea", sizes: ["20PK"], price: [249, 449], blurb: "Refreshing caffeine-free herbal tea." },
      { noun: "Iced Peach Tea", sizes: ["500ML"], price: [179, 299], blurb: "Brewed black tea with peach, served cold." },
      { noun: "Oat Drink", sizes: ["1L"], price: [199, 349], blurb: "Creamy oat drink that froths well." },
      { noun: "Almond Drink", sizes: ["1L"], price: [199, 349], blurb: "Unsweetened, made with roasted almonds." },
      { noun: "Ginger Beer", sizes: ["330ML", "4PK"], price: [149, 549], blurb: "Fiery, brewed with fresh root ginger." },
      { noun: "Hot Chocolate Mix", sizes: ["300G"], price: [349, 699], blurb: "Rich cocoa, just add hot water." },
      { noun: "Electrolyte Sports Drink", sizes: ["500ML"], price: [149, 299], blurb: "Rehydrates after training." },
    ],
    details: ["Refrigerate after opening.", "Serve chilled.", "Recyclable packaging.", "Vegan friendly."],
  },
  {
    kind: "goods",
    category: "electronics",
    code: "ELC",
    weight: 10,
    brands: ["Sonique", "Auralis", "Voltra", "Pixelon", "Nimbus Tech", "Kestrel", "Lumina"],
    prefixes: [],
    prefixChance: 0,
    suffixes: ["Pro", "Lite", "Max", "Mini", "Plus", "2", "X", "Air", "SE"],
    suffixChance: 0.5,
    singleSizeChance: 0.3,
    ending: "retail",
    items: [
      { noun: "Wireless Earbuds", colors: ["black", "white", "midnight blue", "sage"], maxColors: 3, price: [2999, 24999], blurb: "True wireless earbuds with a pocketable charging case." },
      { noun: "Noise-Cancelling Headphones", colors: ["black", "silver", "midnight blue", "beige"], maxColors: 3, price: [7999, 39999], blurb: "Over-ear headphones with adaptive noise cancelling and 30-hour battery." },
      { noun: "Bluetooth Speaker", colors: ["black", "red", "teal", "grey"], maxColors: 3, price: [2999, 19999], blurb: "Waterproof speaker with room-filling sound." },
      { noun: "Smartphone", sizes: ["128GB", "256GB", "512GB"], colors: ["black", "white", "midnight blue", "rose gold"], maxColors: 2, price: [29999, 99999], blurb: "6.1-inch OLED display, dual camera and all-day battery." },
      { noun: "Tablet", sizes: ["64GB", "128GB", "256GB"], colors: ["silver", "charcoal"], maxColors: 2, price: [19999, 79999], blurb: "10.9-inch display, great for reading, notes and streaming." },
      { noun: "65W USB-C Charger", price: [1999, 4999], blurb: "Fast-charges laptops, tablets and phones." },
      { noun: "Power Bank", sizes: ["10000MAH", "20000MAH"], colors: ["black", "white"], maxColors: 2, price: [1999, 5999], blurb: "Slim power bank with USB-C in and out." },
      { noun: "Smart Watch", colors: ["black", "silver", "rose gold", "midnight blue"], maxColors: 3, price: [9999, 44999], blurb: "Tracks heart rate, sleep and workouts; water resistant to 50 m." },
      { noun: "Fitness Tracker", colors: ["black", "pink", "sage", "navy"], maxColors: 3, price: [3999, 12999], blurb: "Slim band with a seven-day battery." },
      { noun: "Mechanical Keyboard", colors: ["black", "white"], maxColors: 2, price: [5999, 17999], blurb: "Hot-swappable switches and per-key backlight." },
      { noun: "Wireless Mouse", colors: ["black", "grey", "white"], maxColors: 3, price: [1499, 8999], blurb: "Quiet clicks and a 70-day battery." },
      { noun: "4K Webcam", price: [4999, 19999], blurb: "Auto-focus and dual noise-reducing microphones." },
      { noun: "Portable SSD", sizes: ["500GB", "1TB", "2TB"], price: [5999, 14999], blurb: "Up to 1050 MB/s over USB-C, drop resistant." },
      { noun: "microSD Card", sizes: ["64GB", "128GB", "256GB"], price: [999, 3999], blurb: "A2 rated for apps, 4K video ready." },
      { noun: "E-Reader", sizes: ["16GB", "32GB"], price: [9999, 24999], blurb: "Glare-free 6.8-inch screen with warm light." },
      { noun: "Smart Plug", sizes: ["2PK", "4PK"], price: [1999, 3999], blurb: "Schedule lamps and appliances from your phone." },
      { noun: "HDMI 2.1 Cable", sizes: ["1M", "2M", "3M"], price: [999, 2499], blurb: "Braided cable for 4K at 120 Hz." },
      { noun: "Action Camera", colors: ["black"], maxColors: 1, price: [14999, 44999], blurb: "5K video, waterproof to 10 m without a case." },
    ],
    details: ["Includes a 2-year warranty.", "USB-C cable included.", "Free firmware updates.", "Ships in plastic-free packaging."],
  },
  {
    kind: "goods",
    category: "home",
    code: "HOM",
    weight: 10,
    brands: ["Hearth & Home", "Nordlys", "Clay & Co.", "Willow House", "Loom Studio", "Maker's Lane"],
    prefixes: ["Handmade", "Stoneware", "Organic Cotton", "Recycled", "Classic", "Nordic"],
    prefixChance: 0.3,
    suffixes: [],
    suffixChance: 0,
    singleSizeChance: 0.5,
    ending: "retail",
    items: [
      { noun: "Ceramic Mug", colors: ["white", "sage", "terracotta", "navy", "cream"], maxColors: 3, price: [899, 2499], blurb: "Holds 350 ml; dishwasher and microwave safe." },
      { noun: "Scented Candle", sizes: ["200G", "400G"], price: [1499, 3999], blurb: "Soy wax with a 45-hour burn time." },
      { noun: "Throw Blanket", colors: ["grey", "mustard", "cream", "sage", "charcoal"], maxColors: 3, price: [2999, 8999], blurb: "Soft, chunky knit for the sofa." },
      { noun: "Linen Bedding Set", sizes: ["SINGLE", "DOUBLE", "QUEEN", "KING"], colors: ["white", "sage", "blush", "grey"], maxColors: 2, price: [7999, 19999], blurb: "Stone-washed linen that gets softer every wash." },
      { noun: "Bath Towel", colors: ["white", "grey", "navy", "sage", "blush"], maxColors: 4, price: [1299, 3499], blurb: "600 gsm cotton, quick-drying." },
      { noun: "Cushion Cover", colors: ["mustard", "terracotta", "navy", "cream", "green"], maxColors: 3, price: [999, 2999], blurb: "45 x 45 cm with a hidden zip." },
      { noun: "Table Lamp", colors: ["black", "white", "gold"], maxColors: 2, price: [3999, 14999], blurb: "Linen shade, E27 bulb not included." },
      { noun: "Glass Vase", sizes: ["20CM", "30CM"], price: [1999, 4999], blurb: "Mouth-blown recycled glass." },
      { noun: "Cast Iron Skillet", sizes: ["20CM", "26CM", "30CM"], price: [2999, 8999], blurb: "Pre-seasoned; works on every hob including induction." },
      { noun: "Chef's Knife", sizes: ["20CM"], price: [3999, 14999], blurb: "Forged German steel, full tang." },
      { noun: "Storage Basket", sizes: ["S", "M", "L"], price: [1499, 3999], blurb: "Woven seagrass with handles." },
      { noun: "Wall Clock", colors: ["black", "white", "brown"], maxColors: 2, price: [1999, 5999], blurb: "Silent sweep movement." },
      { noun: "Duvet", sizes: ["SINGLE", "DOUBLE", "KING"], price: [4999, 14999], blurb: "All-season hollowfibre, machine washable." },
      { noun: "French Press", sizes: ["350ML", "1L"], price: [1999, 4999], blurb: "Borosilicate glass with a stainless steel filter." },
    ],
    details: ["Free returns within 30 days.", "Designed in Copenhagen.", "Responsibly sourced materials.", "Wipe clean with a damp cloth."],
  },
  {
    kind: "goods",
    category: "beauty",
    code: "BTY",
    weight: 10,
    brands: ["Lumière", "Glow Theory", "Pure Botanica", "Velvet & Vine", "Derma Lab"],
    prefixes: ["Hydrating", "Gentle", "Vegan", "Fragrance-Free", "Daily"],
    prefixChance: 0.35,
    suffixes: [],
    suffixChance: 0,
    singleSizeChance: 0.7,
    ending: "retail",
    items: [
      { noun: "Face Cream", sizes: ["50ML"], price: [1299, 5999], blurb: "Ceramides and hyaluronic acid for lasting moisture." },
      { noun: "Vitamin C Serum", sizes: ["30ML"], price: [1599, 4999], blurb: "Brightens and evens skin tone." },
      { noun: "Foaming Cleanser", sizes: ["150ML", "250ML"], price: [899, 2499], blurb: "Removes make-up without stripping skin." },
      { noun: "Tinted Lip Balm", colors: ["rose", "berry", "nude", "coral"], maxColors: 4, price: [499, 1299], blurb: "Sheer colour with shea butter." },
      { noun: "Matte Lipstick", colors: ["red", "pink", "nude", "plum", "berry", "coral"], maxColors: 5, price: [999, 2999], blurb: "Long-wear colour that does not dry lips." },
      { noun: "Shampoo", sizes: ["250ML", "500ML"], price: [699, 2499], blurb: "Sulphate-free and colour safe." },
      { noun: "Conditioner", sizes: ["250ML", "500ML"], price: [699, 2499], blurb: "Detangles and smooths without weighing hair down." },
      { noun: "Body Lotion", sizes: ["250ML", "400ML"], price: [799, 2299], blurb: "Absorbs fast, no greasy feel." },
      { noun: "Sunscreen SPF 50", sizes: ["50ML", "100ML"], price: [999, 2999], blurb: "Broad-spectrum protection, water resistant." },
      { noun: "Eau de Parfum", sizes: ["30ML", "50ML", "100ML"], price: [3999, 11999], blurb: "Notes of fig, cedar and white musk." },
      { noun: "Nail Polish", colors: ["red", "pink", "coral", "plum", "nude", "navy"], maxColors: 5, price: [599, 1599], blurb: "Chip-resistant, seven-free formula." },
      { noun: "Hand Cream", sizes: ["75ML"], price: [599, 1899], blurb: "Shea butter and almond oil." },
      { noun: "Sheet Mask", sizes: ["5PK"], price: [999, 2499], blurb: "Ten-minute soothing masks." },
      { noun: "Waterproof Mascara", colors: ["black", "brown"], maxColors: 2, price: [899, 2999], blurb: "Lengthens and lifts, smudge-proof." },
    ],
    details: ["Dermatologically tested.", "Cruelty free.", "Vegan formula.", "Suitable for sensitive skin."],
  },
];

export const CARE_NOTES: readonly string[] = CARE;

export const CATEGORIES: readonly string[] = CATEGORY_SPECS.map((c) => c.category);
