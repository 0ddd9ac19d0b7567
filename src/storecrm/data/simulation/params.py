"""Fixed facts about Maple Street Mart and the behaviour the simulation plants.

Everything a trainer might want to tune lives here as plain tables, so the planted
behaviour can be read (and documented in the data card) without reading the simulation.
Prices are in fen (1/100 yuan) so that sums stay exact integers until they are written.
"""

from __future__ import annotations

import numpy as np

from storecrm.rules import till_rules

__all__ = [
    "CATEGORIES",
    "PAIRS",
    "PRODUCTS",
    "SEGMENTS",
    "STORES",
]

# --- stores --------------------------------------------------------------------------------
# (store_id, name, name_zh, format, district, opened_on, tills); the number of tills is a
# store rule, read from storecrm.rules so the data and the pages cannot disagree.
STORES: list[tuple[str, str, str, str, str, str, int]] = [
    (*store, till_rules().tills(store[0]))
    for store in [
        ("S01", "Maple Street Mart Station Square", "枫街便利·火车站店", "convenience",
         "Eastgate", "2016-05-18"),
        ("S02", "Maple Street Mart Tech Park", "枫街便利·科技园店", "convenience",
         "Tech Park", "2018-09-03"),
        ("S03", "Maple Street Mart University Town", "枫街便利·大学城店", "convenience",
         "University Town", "2019-03-01"),
        ("S04", "Maple Street Mart Old Town", "枫街便利·老城店", "convenience",
         "Old Town", "2014-11-08"),
        ("S05", "Maple Street Market Riverside", "枫街超市·滨江店", "supermarket",
         "Riverside", "2020-06-20"),
    ]
]  # fmt: skip

DISTRICTS = ["Eastgate", "Tech Park", "University Town", "Old Town", "Riverside"]

# --- products ------------------------------------------------------------------------------
CATEGORIES: dict[str, str] = {
    "beverages": "饮料",
    "fresh_coffee_tea": "现制饮品",
    "dairy": "乳制品",
    "bakery": "面包糕点",
    "hot_food": "熟食小吃",
    "ready_meals": "鲜食便当",
    "snacks": "休闲零食",
    "instant_food": "方便速食",
    "alcohol": "酒类",
    "fresh_produce": "生鲜果蔬",
    "meat_frozen": "肉禽冻品",
    "grocery": "粮油调味",
    "household": "日用百货",
    "personal_care": "个人护理",
    "baby": "母婴用品",
    "seasonal": "节令商品",
}

# (name, name_zh, category, price_fen, cost_share, popularity, supermarket_only, season)
# season: None, "spring" (Spring Festival goods), "autumn" (Mid-Autumn), "summer"
PRODUCTS: list[tuple[str, str, str, int, float, float, bool, str | None]] = [
    ("Bottled water 550 ml", "矿泉水 550ml", "beverages", 200, 0.45, 6.0, False, "summer"),
    ("Green tea 500 ml", "绿茶 500ml", "beverages", 350, 0.55, 3.5, False, "summer"),
    ("Cola 330 ml can", "可乐 330ml", "beverages", 300, 0.55, 3.5, False, "summer"),
    ("Orange juice 450 ml", "橙汁 450ml", "beverages", 550, 0.6, 2.0, False, None),
    ("Energy drink 250 ml", "功能饮料 250ml", "beverages", 600, 0.6, 2.0, False, None),
    ("Bottled iced coffee", "瓶装咖啡", "beverages", 650, 0.6, 2.0, False, None),
    ("Sparkling water 480 ml", "苏打水 480ml", "beverages", 400, 0.5, 1.5, False, "summer"),
    ("Bottled milk tea", "瓶装奶茶", "beverages", 500, 0.6, 2.0, False, None),
    ("Americano", "美式咖啡", "fresh_coffee_tea", 1200, 0.3, 2.5, False, None),
    ("Latte", "拿铁", "fresh_coffee_tea", 1500, 0.3, 2.5, False, None),
    ("Hot soy milk", "热豆浆", "fresh_coffee_tea", 350, 0.35, 2.0, False, None),
    ("Fresh milk 950 ml", "鲜牛奶 950ml", "dairy", 1390, 0.7, 2.0, False, None),
    ("Yoghurt 200 g", "酸奶 200g", "dairy", 650, 0.6, 2.5, False, None),
    ("UHT milk 250 ml", "纯牛奶 250ml", "dairy", 300, 0.65, 2.5, False, None),
    ("Cheese slices", "奶酪片", "dairy", 2290, 0.65, 0.5, True, None),
    ("Ham and egg sandwich", "火腿鸡蛋三明治", "bakery", 990, 0.55, 2.0, False, None),
    ("Sliced white bread", "切片吐司", "bakery", 850, 0.55, 2.0, False, None),
    ("Croissant", "牛角包", "bakery", 600, 0.5, 1.5, False, None),
    ("Red bean bun", "红豆面包", "bakery", 450, 0.5, 1.5, False, None),
    ("Steamed pork bun", "鲜肉包", "hot_food", 250, 0.4, 3.0, False, None),
    ("Tea egg", "茶叶蛋", "hot_food", 150, 0.35, 3.0, False, None),
    ("Oden skewer", "关东煮", "hot_food", 300, 0.4, 2.5, False, None),
    ("Grilled sausage", "烤肠", "hot_food", 500, 0.4, 2.0, False, None),
    ("Chicken rice bento", "鸡腿饭便当", "ready_meals", 1800, 0.6, 2.0, False, None),
    ("Braised pork bento", "红烧肉便当", "ready_meals", 2000, 0.6, 1.5, False, None),
    ("Tuna rice ball", "金枪鱼饭团", "ready_meals", 650, 0.55, 2.0, False, None),
    ("Cold noodles", "凉面", "ready_meals", 1200, 0.55, 1.0, False, "summer"),
    ("Potato chips 70 g", "薯片 70g", "snacks", 750, 0.6, 2.5, False, None),
    ("Roasted peanuts", "花生米", "snacks", 600, 0.55, 1.0, False, None),
    ("Spicy duck neck", "卤鸭脖", "snacks", 1500, 0.55, 1.0, False, None),
    ("Sunflower seeds", "瓜子", "snacks", 800, 0.55, 1.5, False, "spring"),
    ("Milk chocolate bar", "牛奶巧克力", "snacks", 990, 0.6, 1.5, False, None),
    ("Cream biscuits", "夹心饼干", "snacks", 650, 0.6, 1.5, False, None),
    ("Spicy gluten strips", "辣条", "snacks", 300, 0.5, 2.0, False, None),
    ("Cup noodles", "杯面", "instant_food", 550, 0.6, 3.0, False, None),
    ("Instant noodles 5-pack", "方便面五连包", "instant_food", 1390, 0.65, 1.0, False, None),
    ("Ham sausage", "火腿肠", "instant_food", 150, 0.55, 1.2, False, None),
    ("Self-heating hotpot", "自热火锅", "instant_food", 2990, 0.6, 0.6, False, None),
    ("Beer 500 ml can", "啤酒 500ml", "alcohol", 600, 0.6, 1.8, False, "summer"),
    ("Beer 6-pack", "啤酒六连包", "alcohol", 3200, 0.65, 0.5, False, "summer"),
    ("Baijiu 100 ml", "小瓶白酒 100ml", "alcohol", 2500, 0.55, 0.4, False, "spring"),
    ("Apples 1 kg bag", "苹果 1kg", "fresh_produce", 1290, 0.65, 1.2, False, None),
    ("Bananas", "香蕉", "fresh_produce", 690, 0.6, 1.5, False, None),
    ("Tomatoes 500 g", "番茄 500g", "fresh_produce", 550, 0.6, 1.5, True, None),
    ("Leafy greens", "青菜", "fresh_produce", 450, 0.55, 2.0, True, None),
    ("Eggs, 10", "鸡蛋 10枚", "fresh_produce", 1290, 0.75, 1.5, False, None),
    ("Pork belly 500 g", "五花肉 500g", "meat_frozen", 2200, 0.75, 1.0, True, "spring"),
    ("Beef slices for hotpot", "肥牛卷", "meat_frozen", 3990, 0.7, 0.6, True, None),
    ("Frozen dumplings 1 kg", "速冻水饺 1kg", "meat_frozen", 2490, 0.65, 0.9, True, "spring"),
    ("Hotpot meatballs", "火锅丸子", "meat_frozen", 1990, 0.6, 0.5, True, None),
    ("Rice 5 kg", "大米 5kg", "grocery", 3990, 0.75, 0.7, True, None),
    ("Cooking oil 1.8 L", "食用油 1.8L", "grocery", 2990, 0.75, 0.6, True, "spring"),
    ("Soy sauce 500 ml", "酱油 500ml", "grocery", 1290, 0.6, 0.8, True, None),
    ("Hotpot soup base", "火锅底料", "grocery", 1590, 0.55, 0.5, True, None),
    ("Oolong tea leaves", "乌龙茶叶", "grocery", 4800, 0.5, 0.15, True, None),
    ("Tissues 3-pack", "抽纸三包", "household", 1590, 0.65, 1.2, False, None),
    ("Laundry detergent", "洗衣液", "household", 2290, 0.65, 0.6, True, None),
    ("Bin bags", "垃圾袋", "household", 990, 0.55, 0.8, False, None),
    ("AA batteries 4-pack", "五号电池四节", "household", 1200, 0.5, 0.4, False, None),
    ("Folding umbrella", "折叠伞", "household", 2500, 0.45, 0.3, False, None),
    ("Toothpaste", "牙膏", "personal_care", 1490, 0.6, 0.7, False, None),
    ("Shampoo 400 ml", "洗发水 400ml", "personal_care", 3990, 0.6, 0.4, True, None),
    ("Face masks 5-pack", "面膜五片", "personal_care", 4990, 0.5, 0.3, False, None),
    ("Nappies, size M", "纸尿裤 M码", "baby", 8900, 0.7, 0.5, True, None),
    ("Baby wipes", "婴儿湿巾", "baby", 1290, 0.55, 0.5, False, None),
    ("Mooncake gift box", "月饼礼盒", "seasonal", 12800, 0.5, 0.0, False, "autumn"),
    ("Single mooncake", "散装月饼", "seasonal", 1200, 0.5, 0.0, False, "autumn"),
    ("New Year snack box", "年货零食礼盒", "seasonal", 9800, 0.55, 0.0, False, "spring"),
    ("Spring couplets", "春联", "seasonal", 1500, 0.4, 0.0, False, "spring"),
    ("Red envelopes", "红包", "seasonal", 600, 0.4, 0.0, False, "spring"),
]

# Planted basket pairs: when the first product is in a basket, the second is added with
# the given probability (unless it is already there). These give association rules with
# lift far above 1 that exercises can discover.
PAIRS: list[tuple[str, str, float]] = [
    ("Cup noodles", "Ham sausage", 0.45),
    ("Latte", "Ham and egg sandwich", 0.40),
    ("Americano", "Croissant", 0.35),
    ("Beer 500 ml can", "Spicy duck neck", 0.35),
    ("Beer 6-pack", "Roasted peanuts", 0.40),
    ("Hotpot soup base", "Beef slices for hotpot", 0.60),
    ("Beef slices for hotpot", "Hotpot meatballs", 0.45),
    ("Nappies, size M", "Baby wipes", 0.50),
    ("Mooncake gift box", "Oolong tea leaves", 0.30),
    ("Oden skewer", "Tea egg", 0.35),
]


# --- customer segments ---------------------------------------------------------------------
# Hourly weights 0..23 (stores open 06-24 convenience, 08-22 supermarket; trimmed later).
def _hours(peaks: dict[int, float], base: float = 0.3) -> np.ndarray:
    h = np.full(24, base)
    h[:6] = 0.0
    for hour, w in peaks.items():
        h[hour] += w
    return h / h.sum()


# Each segment: share of members, visits per week (mean), weekday multipliers Mon..Sun,
# hour profile, mean lines per basket, category weights, store preference over S01..S05,
# channel mix (in_store, app_pickup, delivery), payment mix (wechat, alipay, bank_card,
# cash, member_card), age band mix, churn probability within the year, share of lines on
# promotion, signup channel mix (in_store, app, mini_program, referral).
SEGMENTS: dict[str, dict] = {
    "office_worker": {
        "share": 0.27,
        "visits_per_week": 0.45,
        "weekday": [1.3, 1.3, 1.3, 1.3, 1.2, 0.4, 0.3],
        "hours": _hours({7: 3.0, 8: 3.5, 9: 1.2, 12: 2.5, 13: 1.0, 18: 1.8, 19: 1.5}),
        "lines": 1.9,
        "cats": {"beverages": 3, "fresh_coffee_tea": 4, "bakery": 3, "hot_food": 2,
                 "ready_meals": 4, "snacks": 1.5, "instant_food": 1.5, "dairy": 1,
                 "alcohol": 0.5, "household": 0.3, "personal_care": 0.3},
        "stores": [0.40, 0.45, 0.05, 0.05, 0.05],
        "channel": [0.80, 0.12, 0.08],
        "payment": [0.50, 0.30, 0.04, 0.01, 0.15],
        "age": [0.10, 0.50, 0.30, 0.08, 0.02, 0.0],
        "churn": 0.20,
        "promo": 0.06,
        "signup": [0.30, 0.35, 0.30, 0.05],
    },
    "student": {
        "share": 0.18,
        "visits_per_week": 0.40,
        "weekday": [1.0, 1.0, 1.0, 1.0, 1.15, 0.95, 0.9],
        "hours": _hours({11: 1.0, 12: 1.5, 17: 1.0, 21: 2.0, 22: 2.5, 23: 2.0}, 0.4),
        "lines": 2.1,
        "cats": {"beverages": 4, "snacks": 4, "instant_food": 3.5, "hot_food": 2,
                 "ready_meals": 1.5, "bakery": 1, "dairy": 1, "alcohol": 0.6,
                 "personal_care": 0.4, "fresh_coffee_tea": 1},
        "stores": [0.05, 0.05, 0.80, 0.05, 0.05],
        "channel": [0.85, 0.03, 0.12],
        "payment": [0.60, 0.36, 0.02, 0.01, 0.01],
        "age": [0.90, 0.10, 0.0, 0.0, 0.0, 0.0],
        "churn": 0.35,
        "promo": 0.08,
        "signup": [0.15, 0.15, 0.40, 0.30],
    },
    "family": {
        "share": 0.22,
        "visits_per_week": 0.32,
        "weekday": [0.75, 0.75, 0.75, 0.8, 1.0, 1.55, 1.45],
        "hours": _hours({10: 1.5, 11: 1.2, 16: 1.2, 17: 2.0, 18: 2.0, 19: 1.0}, 0.2),
        "lines": 5.5,
        "cats": {"fresh_produce": 4, "meat_frozen": 3, "grocery": 3, "dairy": 3,
                 "household": 2, "baby": 2, "snacks": 1.5, "beverages": 1.5,
                 "personal_care": 1.2, "bakery": 1, "alcohol": 0.4},
        "stores": [0.05, 0.05, 0.05, 0.10, 0.75],
        "channel": [0.80, 0.06, 0.14],
        "payment": [0.45, 0.30, 0.10, 0.02, 0.13],
        "age": [0.0, 0.35, 0.50, 0.15, 0.0, 0.0],
        "churn": 0.15,
        "promo": 0.08,
        "signup": [0.45, 0.25, 0.20, 0.10],
    },
    "elderly_regular": {
        "share": 0.15,
        "visits_per_week": 0.80,
        "weekday": [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0],
        "hours": _hours({6: 2.5, 7: 3.0, 8: 2.5, 9: 2.0, 10: 1.0, 16: 0.6}, 0.1),
        "lines": 2.8,
        "cats": {"fresh_produce": 4, "dairy": 3, "bakery": 2, "hot_food": 2, "grocery": 1.5,
                 "household": 1, "beverages": 0.8, "fresh_coffee_tea": 1.5},
        "stores": [0.05, 0.02, 0.03, 0.60, 0.30],
        "channel": [0.98, 0.0, 0.02],
        "payment": [0.30, 0.05, 0.05, 0.35, 0.25],
        "age": [0.0, 0.0, 0.0, 0.1, 0.4, 0.5],
        "churn": 0.10,
        "promo": 0.08,
        "signup": [0.85, 0.03, 0.07, 0.05],
    },
    "bargain_hunter": {
        "share": 0.18,
        "visits_per_week": 0.28,
        "weekday": [0.9, 0.9, 0.9, 0.9, 1.0, 1.2, 1.2],
        "hours": _hours({19: 2.0, 20: 3.0, 21: 2.5}, 0.3),
        "lines": 4.0,
        "cats": {"fresh_produce": 2.5, "bakery": 3, "ready_meals": 3, "grocery": 2,
                 "household": 2, "snacks": 2, "beverages": 1.5, "instant_food": 1.5,
                 "meat_frozen": 1.5, "dairy": 1.5},
        "stores": [0.15, 0.10, 0.10, 0.20, 0.45],
        "channel": [0.90, 0.04, 0.06],
        "payment": [0.45, 0.35, 0.05, 0.05, 0.10],
        "age": [0.08, 0.25, 0.25, 0.22, 0.15, 0.05],
        "churn": 0.35,
        "promo": 0.35,
        "signup": [0.40, 0.30, 0.25, 0.05],
    },
}  # fmt: skip

# Walk-in shoppers (never members), one profile per store format.
WALK_IN: dict[str, dict] = {
    "convenience": {
        "weekday": [1.0, 1.0, 1.0, 1.0, 1.1, 0.95, 0.95],
        "hours": _hours({7: 2.0, 8: 2.5, 12: 2.0, 18: 1.5, 19: 1.2, 22: 0.8}, 0.5),
        "lines": 1.7,
        "cats": {"beverages": 5, "snacks": 3, "instant_food": 2, "hot_food": 2.5,
                 "ready_meals": 2, "fresh_coffee_tea": 2, "bakery": 1.5, "alcohol": 1,
                 "household": 0.5, "personal_care": 0.4, "dairy": 1},
        "channel": [0.92, 0.02, 0.06],
        "payment": [0.55, 0.32, 0.04, 0.09, 0.0],
        "promo": 0.06,
    },
    "supermarket": {
        "weekday": [0.85, 0.85, 0.85, 0.9, 1.0, 1.3, 1.25],
        "hours": _hours({10: 1.5, 11: 1.2, 17: 1.8, 18: 1.8, 19: 1.0}, 0.4),
        "lines": 3.8,
        "cats": {"fresh_produce": 3, "meat_frozen": 2, "grocery": 2, "dairy": 2,
                 "household": 1.5, "snacks": 2, "beverages": 2, "personal_care": 1,
                 "baby": 0.7, "bakery": 1, "alcohol": 0.6},
        "channel": [0.88, 0.02, 0.10],
        "payment": [0.50, 0.30, 0.08, 0.12, 0.0],
        "promo": 0.08,
    },
}  # fmt: skip

AGE_BANDS = ["18-24", "25-34", "35-44", "45-54", "55-64", "65+"]
SIGNUP_CHANNELS = ["in_store", "app", "mini_program", "referral"]
RECEIPT_CHANNELS = ["in_store", "app_pickup", "delivery"]
PAYMENT_METHODS = ["wechat_pay", "alipay", "bank_card", "cash", "member_card"]
GENDERS = ["female", "male", "undisclosed"]
