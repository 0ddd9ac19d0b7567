"""The product range: category -> subcategory -> product, with brand, pack size and ranging.

A real convenience store lists a couple of thousand lines and a supermarket several times
more, and most of them sell slowly: the top tenth of lines make well over half the sales.
The range is built here from a small bilingual vocabulary (subcategories, their items,
pack sizes and invented brands) so it reads like a real price list without typing
thousands of rows. The 70 lines the course pages name (``params.PRODUCTS``) come first,
keep their ids P0001-P0070 and are the best sellers of their subcategories, so every page
and planted pair that mentions them keeps working.

The range does not depend on the data set's seed: it is fixed facts about the chain, built
from its own constant seed, so every size and seed shares one price list.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from storecrm.data.simulation import params as P

__all__ = ["ANCHOR_SUBCATEGORY", "BRANDS", "SUBCATEGORIES", "Range", "product_range"]

#: The range's own seed: the price list is the same for every generated data set.
_RANGE_SEED = 19_2025

# (key, English, Chinese, category, items [(en, zh, base price fen)], packs [(en, zh,
# price multiplier)], share of lines only the supermarket stocks, season)
SUBCATEGORIES: list[tuple] = [
    ("water", "Water", "包装水", "beverages",
     [("Mineral water", "矿泉水", 200), ("Purified water", "纯净水", 180),
      ("Sparkling water", "苏打水", 400)],
     [("350 ml", "350ml", 0.8), ("550 ml", "550ml", 1.0), ("1.5 L", "1.5L", 2.2),
      ("24 x 550 ml", "550ml×24", 18.0)], 0.3, "summer"),
    ("tea_drinks", "Tea drinks", "茶饮料", "beverages",
     [("Green tea", "绿茶", 350), ("Jasmine tea", "茉莉花茶", 350), ("Oolong tea", "乌龙茶", 400),
      ("Lemon tea", "柠檬茶", 350), ("Herbal tea", "凉茶", 400)],
     [("330 ml", "330ml", 0.8), ("500 ml", "500ml", 1.0), ("1 L", "1L", 1.8)], 0.3, "summer"),
    ("soft_drinks", "Soft drinks", "碳酸饮料", "beverages",
     [("Cola", "可乐", 300), ("Lemon soda", "柠檬汽水", 300), ("Orange soda", "橙味汽水", 300),
      ("Ginger ale", "姜汁汽水", 350)],
     [("330 ml can", "330ml罐装", 1.0), ("500 ml", "500ml", 1.2), ("2 L", "2L", 2.8),
      ("6 x 330 ml", "330ml×6", 5.5)], 0.35, "summer"),
    ("juice", "Juice", "果汁", "beverages",
     [("Orange juice", "橙汁", 550), ("Apple juice", "苹果汁", 550), ("Grape juice", "葡萄汁", 600),
      ("Coconut water", "椰子水", 650), ("Mango juice", "芒果汁", 550)],
     [("300 ml", "300ml", 0.8), ("450 ml", "450ml", 1.0), ("1 L", "1L", 2.0)], 0.35, None),
    ("energy_drinks", "Energy and sports drinks", "功能饮料", "beverages",
     [("Energy drink", "能量饮料", 600), ("Sports drink", "运动饮料", 500),
      ("Vitamin water", "维生素水", 550)],
     [("250 ml", "250ml", 1.0), ("500 ml", "500ml", 1.5)], 0.2, None),
    ("rtd_coffee_tea", "Ready-to-drink coffee and milk tea", "即饮咖啡奶茶", "beverages",
     [("Iced coffee", "瓶装咖啡", 650), ("Milk tea", "瓶装奶茶", 500),
      ("Latte drink", "拿铁饮料", 700)],
     [("280 ml", "280ml", 1.0), ("450 ml", "450ml", 1.4)], 0.2, None),
    ("made_coffee", "Freshly made coffee", "现磨咖啡", "fresh_coffee_tea",
     [("Cappuccino", "卡布奇诺", 1500), ("Flat white", "澳白", 1600), ("Mocha", "摩卡", 1600),
      ("Iced Americano", "冰美式", 1200), ("Coconut latte", "生椰拿铁", 1700)],
     [("regular", "中杯", 1.0), ("large", "大杯", 1.25)], 0.0, None),
    ("made_tea", "Freshly made tea and soy drinks", "现制茶饮", "fresh_coffee_tea",
     [("Fresh milk tea", "现制奶茶", 1000), ("Fruit tea", "鲜果茶", 1200),
      ("Iced soy milk", "冰豆浆", 400)],
     [("regular", "中杯", 1.0), ("large", "大杯", 1.25)], 0.0, None),
    ("milk", "Milk", "牛奶", "dairy",
     [("Fresh milk", "鲜牛奶", 1390), ("UHT milk", "纯牛奶", 300),
      ("Low-fat milk", "低脂牛奶", 350),
      ("Soy milk drink", "豆奶", 300)],
     [("250 ml", "250ml", 0.3), ("950 ml", "950ml", 1.0), ("12 x 250 ml", "250ml×12", 3.2)],
     0.35, None),
    ("yoghurt", "Yoghurt", "酸奶", "dairy",
     [("Plain yoghurt", "原味酸奶", 650), ("Strawberry yoghurt", "草莓酸奶", 650),
      ("Drinking yoghurt", "酸奶饮品", 600), ("Greek yoghurt", "希腊酸奶", 900)],
     [("100 g", "100g", 0.6), ("200 g", "200g", 1.0), ("4 x 100 g", "100g×4", 2.0)], 0.4, None),
    ("cheese_butter", "Cheese and butter", "奶酪黄油", "dairy",
     [("Cheese slices", "奶酪片", 2290), ("Butter", "黄油", 2590),
      ("Cream cheese", "奶油奶酪", 2890)],
     [("small", "小包装", 0.6), ("large", "大包装", 1.0)], 0.9, None),
    ("sandwiches", "Sandwiches", "三明治", "bakery",
     [("Ham and egg sandwich", "火腿鸡蛋三明治", 990), ("Tuna sandwich", "金枪鱼三明治", 1090),
      ("Chicken sandwich", "鸡肉三明治", 1090)],
     [("single", "单份", 1.0), ("twin pack", "双份装", 1.8)], 0.0, None),
    ("bread", "Bread", "面包", "bakery",
     [("Sliced white bread", "切片吐司", 850), ("Wholemeal bread", "全麦面包", 990),
      ("Milk bread", "牛奶面包", 790)],
     [("small loaf", "小包", 0.6), ("loaf", "整条", 1.0)], 0.3, None),
    ("pastries", "Pastries and cakes", "糕点", "bakery",
     [("Croissant", "牛角包", 600), ("Red bean bun", "红豆面包", 450), ("Egg tart", "蛋挞", 500),
      ("Swiss roll", "瑞士卷", 900), ("Muffin", "松饼", 700)],
     [("single", "单个", 1.0), ("4-pack", "四个装", 3.4)], 0.4, None),
    ("buns", "Steamed buns", "包点", "hot_food",
     [("Steamed pork bun", "鲜肉包", 250), ("Vegetable bun", "菜包", 200), ("Mantou", "馒头", 150)],
     [("single", "单个", 1.0), ("3-pack", "三个装", 2.8)], 0.0, None),
    ("counter_hot", "Oden and grill", "关东煮烤肠", "hot_food",
     [("Oden skewer", "关东煮", 300), ("Grilled sausage", "烤肠", 500),
      ("Fish ball skewer", "鱼丸串", 300),
      ("Tea egg", "茶叶蛋", 150), ("Sweet potato", "烤红薯", 600),
      ("Corn on the cob", "玉米", 500)],
     [("single", "单份", 1.0)], 0.0, None),
    ("bento", "Bento and rice bowls", "便当", "ready_meals",
     [("Chicken rice bento", "鸡腿饭便当", 1800), ("Braised pork bento", "红烧肉便当", 2000),
      ("Curry rice", "咖喱饭", 1600), ("Beef rice bowl", "牛肉饭", 2200)],
     [("regular", "标准份", 1.0), ("large", "大份", 1.3)], 0.0, None),
    ("rice_balls", "Rice balls and sushi", "饭团寿司", "ready_meals",
     [("Tuna rice ball", "金枪鱼饭团", 650), ("Salmon rice ball", "三文鱼饭团", 750),
      ("Pork floss rice ball", "肉松饭团", 600), ("Sushi box", "寿司盒", 1800)],
     [("single", "单个", 1.0), ("twin pack", "双个装", 1.8)], 0.2, None),
    ("cold_dishes", "Cold noodles and salads", "凉面沙拉", "ready_meals",
     [("Cold noodles", "凉面", 1200), ("Chicken salad", "鸡肉沙拉", 1500),
      ("Fruit cup", "水果杯", 1000)],
     [("regular", "标准份", 1.0)], 0.1, "summer"),
    ("chips", "Chips and puffs", "膨化食品", "snacks",
     [("Potato chips", "薯片", 750), ("Prawn crackers", "虾条", 550), ("Corn puffs", "玉米脆", 500),
      ("Seaweed crisps", "海苔脆", 800)],
     [("40 g", "40g", 0.6), ("70 g", "70g", 1.0), ("150 g", "150g", 1.9)], 0.3, None),
    ("nuts_seeds", "Nuts and seeds", "坚果炒货", "snacks",
     [("Roasted peanuts", "花生米", 600), ("Sunflower seeds", "瓜子", 800),
      ("Cashews", "腰果", 1800),
      ("Mixed nuts", "每日坚果", 2500), ("Pistachios", "开心果", 2200)],
     [("100 g", "100g", 0.6), ("200 g", "200g", 1.0), ("500 g", "500g", 2.2)], 0.35, "spring"),
    ("braised", "Braised and spicy snacks", "卤味辣条", "snacks",
     [("Spicy duck neck", "卤鸭脖", 1500), ("Chicken feet", "卤鸡爪", 1200),
      ("Dried tofu", "豆干", 500),
      ("Spicy gluten strips", "辣条", 300)],
     [("small", "小包", 0.6), ("large", "大包", 1.0)], 0.2, None),
    ("sweets", "Chocolate and sweets", "糖果巧克力", "snacks",
     [("Milk chocolate bar", "牛奶巧克力", 990), ("Dark chocolate", "黑巧克力", 1290),
      ("Chewing gum", "口香糖", 600), ("Fruit sweets", "水果糖", 500), ("Jelly cups", "果冻", 800)],
     [("single", "单条", 1.0), ("share bag", "分享装", 2.5)], 0.3, None),
    ("biscuits", "Biscuits", "饼干", "snacks",
     [("Cream biscuits", "夹心饼干", 650), ("Soda crackers", "苏打饼干", 600),
      ("Wafers", "威化饼", 700),
      ("Butter cookies", "黄油曲奇", 1500)],
     [("single pack", "单包", 1.0), ("family pack", "家庭装", 2.6)], 0.35, None),
    ("noodles", "Instant noodles", "方便面", "instant_food",
     [("Cup noodles", "杯面", 550), ("Instant noodles 5-pack", "方便面五连包", 1390),
      ("River snail rice noodles", "螺蛳粉", 1290), ("Hot and sour vermicelli", "酸辣粉", 990)],
     [("braised beef", "红烧牛肉味", 1.0), ("pickled cabbage", "老坛酸菜味", 1.0),
      ("spicy", "香辣味", 1.05)], 0.2, None),
    ("preserved", "Sausages and tins", "火腿罐头", "instant_food",
     [("Ham sausage", "火腿肠", 150), ("Luncheon meat", "午餐肉", 1590),
      ("Tinned fish", "鱼罐头", 1290)],
     [("single", "单根/单罐", 1.0), ("multipack", "多连包", 4.5)], 0.4, None),
    ("self_heating", "Self-heating meals", "自热食品", "instant_food",
     [("Self-heating hotpot", "自热火锅", 2990), ("Self-heating rice", "自热米饭", 1990)],
     [("single", "单盒", 1.0)], 0.2, None),
    ("beer", "Beer", "啤酒", "alcohol",
     [("Lager", "啤酒", 600), ("Wheat beer", "小麦啤酒", 900), ("Craft IPA", "精酿啤酒", 1500)],
     [("330 ml can", "330ml罐装", 0.8), ("500 ml can", "500ml罐装", 1.0),
      ("6 x 500 ml", "500ml×6", 5.3), ("24 x 330 ml", "330ml×24", 15.0)], 0.4, "summer"),
    ("spirits", "Baijiu and spirits", "白酒", "alcohol",
     [("Baijiu", "白酒", 2500), ("Sorghum liquor", "高粱酒", 3000),
      ("Premium baijiu gift box", "白酒礼盒", 12800)],
     [("100 ml", "100ml", 1.0), ("500 ml", "500ml", 4.0)], 0.6, "spring"),
    ("wine", "Wine and rice wine", "葡萄酒果酒", "alcohol",
     [("Red wine", "红葡萄酒", 5900), ("Plum wine", "梅子酒", 3900), ("Rice wine", "米酒", 1500)],
     [("375 ml", "375ml", 0.6), ("750 ml", "750ml", 1.0)], 0.8, None),
    ("fruit", "Fruit", "水果", "fresh_produce",
     [("Apples", "苹果", 1290), ("Bananas", "香蕉", 690), ("Oranges", "橙子", 990),
      ("Pears", "梨", 990),
      ("Grapes", "葡萄", 1590), ("Watermelon", "西瓜", 1990)],
     [("500 g", "500g", 0.5), ("1 kg bag", "1kg", 1.0)], 0.6, None),
    ("vegetables", "Vegetables", "蔬菜", "fresh_produce",
     [("Tomatoes", "番茄", 550), ("Leafy greens", "青菜", 450), ("Potatoes", "土豆", 400),
      ("Cucumbers", "黄瓜", 450), ("Carrots", "胡萝卜", 350), ("Mushrooms", "蘑菇", 890)],
     [("500 g", "500g", 1.0), ("1 kg", "1kg", 1.9)], 0.9, None),
    ("eggs", "Eggs", "蛋类", "fresh_produce",
     [("Eggs", "鸡蛋", 1290), ("Free-range eggs", "土鸡蛋", 1990),
      ("Salted duck eggs", "咸鸭蛋", 1290)],
     [("6", "6枚", 0.6), ("10", "10枚", 1.0), ("30", "30枚", 2.8)], 0.5, None),
    ("fresh_meat", "Fresh meat", "鲜肉", "meat_frozen",
     [("Pork belly", "五花肉", 2200), ("Pork ribs", "排骨", 3200), ("Chicken wings", "鸡翅", 2590),
      ("Minced pork", "猪肉馅", 1890)],
     [("300 g", "300g", 0.6), ("500 g", "500g", 1.0), ("1 kg", "1kg", 1.9)], 1.0, "spring"),
    ("hotpot", "Hotpot", "火锅食材", "meat_frozen",
     [("Beef slices for hotpot", "肥牛卷", 3990), ("Lamb slices", "羊肉卷", 3990),
      ("Hotpot meatballs", "火锅丸子", 1990), ("Tofu skin", "腐竹", 990)],
     [("250 g", "250g", 0.6), ("500 g", "500g", 1.0)], 1.0, None),
    ("frozen", "Frozen dumplings and buns", "速冻食品", "meat_frozen",
     [("Frozen dumplings", "速冻水饺", 2490), ("Frozen wontons", "速冻馄饨", 2290),
      ("Tangyuan", "汤圆", 1590), ("Frozen buns", "速冻包子", 1990)],
     [("500 g", "500g", 0.55), ("1 kg", "1kg", 1.0)], 0.7, "spring"),
    ("rice_flour", "Rice, flour and noodles", "米面", "grocery",
     [("Rice", "大米", 3990), ("Flour", "面粉", 1990), ("Dried noodles", "挂面", 890)],
     [("1 kg", "1kg", 0.25), ("5 kg", "5kg", 1.0), ("10 kg", "10kg", 1.9)], 0.85, None),
    ("oil", "Cooking oil", "食用油", "grocery",
     [("Cooking oil", "食用油", 2990), ("Peanut oil", "花生油", 4590),
      ("Sesame oil", "芝麻油", 1990)],
     [("400 ml", "400ml", 0.3), ("1.8 L", "1.8L", 1.0), ("5 L", "5L", 2.5)], 0.9, "spring"),
    ("condiments", "Sauces and seasoning", "调味品", "grocery",
     [("Soy sauce", "酱油", 1290), ("Vinegar", "醋", 890), ("Oyster sauce", "蚝油", 1190),
      ("Chilli sauce", "辣椒酱", 990), ("Hotpot soup base", "火锅底料", 1590), ("Salt", "盐", 300)],
     [("small", "小瓶", 0.6), ("500 ml", "500ml", 1.0)], 0.8, None),
    ("tea_coffee_packs", "Tea leaves, coffee and cereal", "茶叶冲调", "grocery",
     [("Oolong tea leaves", "乌龙茶叶", 4800), ("Green tea leaves", "绿茶叶", 3800),
      ("Instant coffee", "速溶咖啡", 2990), ("Oat cereal", "燕麦片", 2290)],
     [("small tin", "小罐", 0.5), ("large tin", "大罐", 1.0)], 0.85, None),
    ("paper", "Paper goods", "纸品", "household",
     [("Tissues 3-pack", "抽纸三包", 1590), ("Toilet rolls", "卷纸", 2990),
      ("Kitchen towels", "厨房纸", 1590),
      ("Wet wipes", "湿巾", 990)],
     [("standard", "标准装", 1.0), ("value pack", "超值装", 2.2)], 0.4, None),
    ("cleaning", "Cleaning", "清洁用品", "household",
     [("Laundry detergent", "洗衣液", 2290), ("Dish soap", "洗洁精", 1290),
      ("Bin bags", "垃圾袋", 990),
      ("Floor cleaner", "地板清洁剂", 1990)],
     [("standard", "标准装", 1.0), ("refill", "补充装", 0.8), ("large", "大容量", 1.8)], 0.6, None),
    ("small_goods", "Batteries, umbrellas and sundries", "日杂", "household",
     [("AA batteries 4-pack", "五号电池四节", 1200), ("Folding umbrella", "折叠伞", 2500),
      ("Phone cable", "数据线", 2990), ("Lighter", "打火机", 300)],
     [("standard", "标准款", 1.0)], 0.3, None),
    ("oral_care", "Oral care", "口腔护理", "personal_care",
     [("Toothpaste", "牙膏", 1490), ("Toothbrush", "牙刷", 990), ("Mouthwash", "漱口水", 2490)],
     [("standard", "标准装", 1.0), ("twin pack", "双支装", 1.8)], 0.5, None),
    ("hair_body", "Hair and body", "洗护", "personal_care",
     [("Shampoo", "洗发水", 3990), ("Shower gel", "沐浴露", 3490), ("Hand soap", "洗手液", 1690)],
     [("travel size", "旅行装", 0.3), ("400 ml", "400ml", 1.0),
      ("750 ml", "750ml", 1.7)], 0.6, None),
    ("skin_care", "Skin care", "护肤", "personal_care",
     [("Face masks 5-pack", "面膜五片", 4990), ("Hand cream", "护手霜", 1990),
      ("Sunscreen", "防晒霜", 6900)],
     [("standard", "标准装", 1.0)], 0.5, None),
    ("nappies", "Nappies", "纸尿裤", "baby",
     [("Nappies", "纸尿裤", 8900), ("Pull-ups", "拉拉裤", 9900)],
     [("size S", "S码", 1.0), ("size M", "M码", 1.0), ("size L", "L码", 1.05),
      ("size XL", "XL码", 1.1)],
     0.9, None),
    ("baby_care", "Baby food and care", "婴儿食品护理", "baby",
     [("Baby wipes", "婴儿湿巾", 1290), ("Infant formula", "婴儿奶粉", 22800),
      ("Baby rice cereal", "婴儿米粉", 4990)],
     [("standard", "标准装", 1.0)], 0.7, None),
    ("festival", "Festival goods", "节日商品", "seasonal",
     [("Mooncake gift box", "月饼礼盒", 12800), ("Mooncakes", "月饼", 1200)],
     [("standard", "标准装", 1.0), ("deluxe", "豪华装", 2.0)], 0.5, "autumn"),
    ("new_year", "New Year goods", "年货", "seasonal",
     [("New Year snack box", "年货零食礼盒", 9800), ("Spring couplets", "春联", 1500),
      ("Red envelopes", "红包", 600), ("Lanterns", "灯笼", 2500)],
     [("standard", "标准装", 1.0), ("deluxe", "豪华装", 1.8)], 0.4, "spring"),
]  # fmt: skip

#: Invented brands (English, Chinese). Every generated line belongs to one.
BRANDS: list[tuple[str, str]] = [
    ("Golden Field", "金田"), ("Blue River", "蓝河"), ("Red Lantern", "红灯笼"),
    ("Jade Hill", "玉山"), ("Sunny Farm", "阳光农场"), ("Happy Panda", "开心熊猫"),
    ("Silver Spring", "银泉"), ("Old Mill", "老磨坊"), ("East Wind", "东风"),
    ("Lotus", "莲花"), ("Harvest Moon", "丰收月"), ("Little Chef", "小厨"),
    ("Great Wall Foods", "长城食品"), ("Peach Blossom", "桃花源"), ("Crane", "仙鹤"),
    ("Bamboo Grove", "竹林"), ("Star Harbour", "星港"), ("Morning Dew", "晨露"),
    ("Four Seasons", "四季"), ("Pearl Bay", "珍珠湾"), ("Cloud Top", "云顶"),
    ("Maple Street", "枫街"), ("Green Valley", "绿谷"), ("Lucky Cat", "招财猫"),
    ("Northern Star", "北极星"), ("Fresh Daily", "每日鲜"), ("Spring Breeze", "春风"),
    ("Dragon Gate", "龙门"), ("White Cloud", "白云"), ("Mountain Spring", "山泉"),
]  # fmt: skip

#: Subcategory of each of the 70 named lines (``params.PRODUCTS``), by name.
ANCHOR_SUBCATEGORY: dict[str, str] = {
    "Bottled water 550 ml": "water", "Green tea 500 ml": "tea_drinks",
    "Cola 330 ml can": "soft_drinks", "Orange juice 450 ml": "juice",
    "Energy drink 250 ml": "energy_drinks", "Bottled iced coffee": "rtd_coffee_tea",
    "Sparkling water 480 ml": "water", "Bottled milk tea": "rtd_coffee_tea",
    "Americano": "made_coffee", "Latte": "made_coffee", "Hot soy milk": "made_tea",
    "Fresh milk 950 ml": "milk", "Yoghurt 200 g": "yoghurt", "UHT milk 250 ml": "milk",
    "Cheese slices": "cheese_butter", "Ham and egg sandwich": "sandwiches",
    "Sliced white bread": "bread", "Croissant": "pastries", "Red bean bun": "pastries",
    "Steamed pork bun": "buns", "Tea egg": "counter_hot", "Oden skewer": "counter_hot",
    "Grilled sausage": "counter_hot", "Chicken rice bento": "bento",
    "Braised pork bento": "bento", "Tuna rice ball": "rice_balls",
    "Cold noodles": "cold_dishes", "Potato chips 70 g": "chips",
    "Roasted peanuts": "nuts_seeds", "Spicy duck neck": "braised",
    "Sunflower seeds": "nuts_seeds", "Milk chocolate bar": "sweets",
    "Cream biscuits": "biscuits", "Spicy gluten strips": "braised", "Cup noodles": "noodles",
    "Instant noodles 5-pack": "noodles", "Ham sausage": "preserved",
    "Self-heating hotpot": "self_heating", "Beer 500 ml can": "beer", "Beer 6-pack": "beer",
    "Baijiu 100 ml": "spirits", "Apples 1 kg bag": "fruit", "Bananas": "fruit",
    "Tomatoes 500 g": "vegetables", "Leafy greens": "vegetables", "Eggs, 10": "eggs",
    "Pork belly 500 g": "fresh_meat", "Beef slices for hotpot": "hotpot",
    "Frozen dumplings 1 kg": "frozen", "Hotpot meatballs": "hotpot", "Rice 5 kg": "rice_flour",
    "Cooking oil 1.8 L": "oil", "Soy sauce 500 ml": "condiments",
    "Hotpot soup base": "condiments", "Oolong tea leaves": "tea_coffee_packs",
    "Tissues 3-pack": "paper", "Laundry detergent": "cleaning", "Bin bags": "cleaning",
    "AA batteries 4-pack": "small_goods", "Folding umbrella": "small_goods",
    "Toothpaste": "oral_care", "Shampoo 400 ml": "hair_body", "Face masks 5-pack": "skin_care",
    "Nappies, size M": "nappies", "Baby wipes": "baby_care",
    "Mooncake gift box": "festival", "Single mooncake": "festival",
    "New Year snack box": "new_year", "Spring couplets": "new_year", "Red envelopes": "new_year",
}  # fmt: skip

#: Pack size of the named lines, where the name does not already say it.
_ANCHOR_PACK: dict[str, str] = {
    "Bottled water 550 ml": "550 ml", "Green tea 500 ml": "500 ml", "Cola 330 ml can": "330 ml",
    "Orange juice 450 ml": "450 ml", "Energy drink 250 ml": "250 ml",
    "Sparkling water 480 ml": "480 ml", "Fresh milk 950 ml": "950 ml", "Yoghurt 200 g": "200 g",
    "UHT milk 250 ml": "250 ml", "Potato chips 70 g": "70 g", "Beer 500 ml can": "500 ml",
    "Beer 6-pack": "6 x 500 ml", "Baijiu 100 ml": "100 ml", "Apples 1 kg bag": "1 kg",
    "Tomatoes 500 g": "500 g", "Eggs, 10": "10", "Pork belly 500 g": "500 g",
    "Frozen dumplings 1 kg": "1 kg", "Rice 5 kg": "5 kg", "Cooking oil 1.8 L": "1.8 L",
    "Soy sauce 500 ml": "500 ml", "Tissues 3-pack": "3 x 100 sheets",
    "AA batteries 4-pack": "4", "Shampoo 400 ml": "400 ml", "Face masks 5-pack": "5",
    "Nappies, size M": "size M",
}  # fmt: skip

#: How many times a named line outsells a typical line of its own subcategory.
ANCHOR_BOOST = 5.0
#: Spread of the other lines' popularity (log scale): what makes the long tail.
TAIL_SIGMA = 0.75
#: Lines a convenience store lists, as a share of the convenience-eligible range.
CONVENIENCE_LISTING = 0.8
#: Share of the whole range the supermarket lists.
SUPERMARKET_LISTING = 0.97


@dataclass(frozen=True)
class Range:
    """The whole price list as arrays, one entry per product (product_id order)."""

    name: np.ndarray
    name_zh: np.ndarray
    category: np.ndarray  # index into params.CATEGORIES
    subcategory: np.ndarray  # index into SUBCATEGORIES
    brand: np.ndarray  # brand name (English); "Maple Street Mart" for the named lines
    pack: np.ndarray  # pack size as printed
    price_fen: np.ndarray
    cost_fen: np.ndarray
    popularity: np.ndarray  # relative sales weight within its subcategory
    season: np.ndarray  # "", "summer", "spring", "autumn"
    listed: np.ndarray  # bool (stores, products): the store stocks the line
    anchor: np.ndarray  # bool: one of the 70 named lines

    @property
    def n(self) -> int:
        """Number of lines on the price list."""
        return len(self.name)


def _shelf_price(fen: np.ndarray) -> np.ndarray:
    """Round to a shelf price: whole jiao below ¥10, ``x9.90``-style endings above."""
    fen = np.maximum(np.round(fen / 10) * 10, 100)
    return np.where(fen >= 1000, np.floor(fen / 100) * 100 + 90, fen).astype(np.int64)


@lru_cache(maxsize=1)
def product_range() -> Range:
    """Build the chain's price list (cached: it is the same for every data set)."""
    rng = np.random.default_rng(_RANGE_SEED)
    cats = list(P.CATEGORIES)
    sub_keys = [s[0] for s in SUBCATEGORIES]
    anchor_names = [p[0] for p in P.PRODUCTS]
    taken = set(anchor_names)
    keys = ("name", "zh", "cat", "sub", "brand", "pack", "price", "cost", "pop", "season", "super")
    rows: dict[str, list] = {k: [] for k in keys}
    for p in P.PRODUCTS:
        sub = ANCHOR_SUBCATEGORY[p[0]]
        rows["name"].append(p[0])
        rows["zh"].append(p[1])
        rows["cat"].append(cats.index(p[2]))
        rows["sub"].append(sub_keys.index(sub))
        rows["brand"].append("Maple Street Mart")
        rows["pack"].append(_ANCHOR_PACK.get(p[0], "single"))
        rows["price"].append(p[3])
        rows["cost"].append(round(p[3] * p[4]))
        rows["pop"].append(p[5] * ANCHOR_BOOST if p[2] != "seasonal" else ANCHOR_BOOST)
        rows["season"].append(p[7] or "")
        rows["super"].append(p[6])
    brand_strength = 1.0 / np.arange(1, len(BRANDS) + 1) ** 0.8
    for s, (_key, _en, _zh, cat, items, packs, super_share, season) in enumerate(SUBCATEGORIES):
        cost_share = rng.uniform(0.45, 0.72)
        for item_en, item_zh, base in items:
            n_brands = int(rng.integers(10, 26))
            for b in rng.choice(len(BRANDS), n_brands, replace=False):
                premium = rng.lognormal(0.0, 0.25)
                for pack_en, pack_zh, mult in packs:
                    if len(packs) > 2 and rng.random() < 0.25:
                        continue  # not every brand comes in every size
                    name = f"{BRANDS[b][0]} {item_en} {pack_en}"
                    if name in taken:
                        continue
                    taken.add(name)
                    price = base * mult * premium
                    rows["name"].append(name)
                    rows["zh"].append(f"{BRANDS[b][1]}{item_zh} {pack_zh}")
                    rows["cat"].append(cats.index(cat))
                    rows["sub"].append(s)
                    rows["brand"].append(BRANDS[b][0])
                    rows["pack"].append(pack_en)
                    rows["price"].append(price)
                    rows["cost"].append(-cost_share)  # negative: a share, priced below
                    rows["pop"].append(
                        brand_strength[b] * rng.lognormal(0.0, TAIL_SIGMA) / (1 + 0.3 * mult)
                    )
                    rows["season"].append(season or "")
                    rows["super"].append(rng.random() < super_share)
    price = np.array(rows["price"], dtype=float)
    n_anchor = len(P.PRODUCTS)
    price[n_anchor:] = _shelf_price(price[n_anchor:])
    price = price.astype(np.int64)
    cost = np.array(rows["cost"], dtype=float)
    share = -cost[n_anchor:] * rng.uniform(0.9, 1.1, len(cost) - n_anchor)
    cost[n_anchor:] = np.round(price[n_anchor:] * np.clip(share, 0.3, 0.85))
    super_only = np.array(rows["super"], dtype=bool)
    pop = np.array(rows["pop"], dtype=float)
    anchor = np.arange(len(pop)) < n_anchor
    # Ranging: the supermarket lists nearly everything; each convenience store lists its
    # own share of the convenience-eligible lines (the better sellers more often), and
    # every store lists the named lines it is allowed to sell.
    rank = np.argsort(np.argsort(-pop, kind="stable"), kind="stable") / len(pop)
    p_list = np.clip(CONVENIENCE_LISTING * 1.6 * (1 - rank), 0.05, 0.98)
    listed = np.zeros((len(P.STORES), len(pop)), dtype=bool)
    for st, store in enumerate(P.STORES):
        if store[3] == "supermarket":
            listed[st] = anchor | (rng.random(len(pop)) < SUPERMARKET_LISTING)
        else:
            listed[st] = ~super_only & (anchor | (rng.random(len(pop)) < p_list))
    return Range(
        name=np.array(rows["name"], dtype=object),
        name_zh=np.array(rows["zh"], dtype=object),
        category=np.array(rows["cat"], dtype=np.int64),
        subcategory=np.array(rows["sub"], dtype=np.int64),
        brand=np.array(rows["brand"], dtype=object),
        pack=np.array(rows["pack"], dtype=object),
        price_fen=price,
        cost_fen=cost.astype(np.int64),
        popularity=pop,
        season=np.array(rows["season"]),
        listed=listed,
        anchor=anchor,
    )
