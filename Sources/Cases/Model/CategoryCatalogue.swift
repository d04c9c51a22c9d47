import HubKit

/// The demo district's category catalogue (案件类别目录): components (部件) and events (事件) coded and named in the
/// manner of GB/T 30428.2, with the filing and closing conditions, stage limits and routing defaults of city practice.
///
/// Invariants, held by `CategoryCatalogueTests`: every code is valid and unique, in ascending order; every category
/// has a limit for each `CaseStage`; the categories of one major class share its name; `defaultDepartment` is one of
/// the district's department ids or `owningStreet`.
///
/// As in the standard, a missing, broken or displaced manhole cover is a problem of the component (e.g. `C0101`
/// 上水井盖), not an event of its own; the cover and grate categories are emergencies because an open shaft is a fall
/// hazard. Emergencies are accepted and dispatched within 10 calendar minutes and verified within 30; other categories
/// within 1 working hour each and verified within 2. Every category is closed within 1 working hour of verification.
public enum CategoryCatalogue {
    /// The `defaultDepartment` that means "the street that owns the grid" (its grid management centre, `street-NNN`).
    public static let owningStreet = "street"

    /// Every category of the catalogue, in code order.
    public static let standard: [Category] = entries.compactMap { $0 }

    /// The catalogue as written; an entry is `nil` only if its code is malformed, which the tests refuse.
    static let entries: [Category?] = [
        // 部件 · 01 公用设施
        category("C0101", "上水井盖", "Water supply manhole cover", in: publicFacilities, department: "municipal",
                 filing: coverFiling, closing: coverClosing, handle: .minutes(120), emergency: true, radius: 20),
        category("C0102", "污水井盖", "Sewage manhole cover", in: publicFacilities, department: "drainage",
                 filing: coverFiling, closing: coverClosing, handle: .minutes(120), emergency: true, radius: 20),
        category("C0103", "雨水井盖", "Storm water manhole cover", in: publicFacilities, department: "drainage",
                 filing: coverFiling, closing: coverClosing, handle: .minutes(120), emergency: true, radius: 20),
        category("C0104", "雨水箅子", "Storm drain grate", in: publicFacilities, department: "drainage",
                 filing: ("箅子缺失、破损或被杂物堵塞", "The grate is missing, broken or blocked by debris"),
                 closing: ("箅子完好归位，排水通畅", "The grate is whole and in place, and water drains freely"),
                 handle: .minutes(120), emergency: true, radius: 20),
        category("C0105", "电力井盖", "Power manhole cover", in: publicFacilities, department: "municipal",
                 filing: coverFiling, closing: coverClosing, handle: .minutes(120), emergency: true, radius: 20),
        category("C0106", "通信井盖", "Telecom manhole cover", in: publicFacilities, department: "municipal",
                 filing: coverFiling, closing: coverClosing, handle: .minutes(120), emergency: true, radius: 20),
        category("C0107", "燃气井盖", "Gas manhole cover", in: publicFacilities, department: "municipal",
                 filing: coverFiling, closing: coverClosing, handle: .minutes(120), emergency: true, radius: 20),
        category("C0108", "路灯", "Streetlight", in: publicFacilities, department: "municipal",
                 filing: ("灯具不亮、白天常亮，或灯杆倾斜、破损", "The lamp is out or lit by day, or its pole leans or is damaged"),
                 closing: ("路灯按时亮灭，灯杆完好", "The lamp switches on and off on schedule and the pole is sound"),
                 handle: .workingDays(2), radius: 20),
        category("C0109", "消防栓", "Fire hydrant", in: publicFacilities, department: "emergency",
                 filing: ("消防栓漏水、破损、缺件或被遮挡", "The hydrant leaks, is damaged, lacks parts or is obstructed"),
                 closing: ("消防栓完好可用，周边无遮挡", "The hydrant is sound, usable and unobstructed"),
                 handle: .workingDays(1), radius: 20),
        category("C0110", "公交站亭", "Bus shelter", in: publicFacilities, department: "municipal",
                 filing: ("站亭顶棚、座椅或站牌破损", "The shelter's roof, seats or stop sign are damaged"),
                 closing: ("站亭修复完好，可正常使用", "The shelter is repaired and usable"),
                 handle: .workingDays(3)),

        // 部件 · 02 道路交通
        category("C0201", "交通信号灯", "Traffic light", in: roadsAndTraffic, department: "traffic-police",
                 filing: ("信号灯不亮、常亮、闪烁异常或灯杆破损", "The signal is dark, stuck, flashing wrongly, or its pole is damaged"),
                 closing: ("信号灯恢复正常运行", "The signal works normally again"),
                 handle: .workingHours(4), radius: 20),
        category("C0202", "交通标志牌", "Traffic sign", in: roadsAndTraffic, department: "traffic-police",
                 filing: ("标志牌缺失、破损、倾斜或被遮挡", "The sign is missing, damaged, leaning or obscured"),
                 closing: ("标志牌完好、端正、清晰可见", "The sign is sound, upright and clearly visible"),
                 handle: .workingDays(2), radius: 20),
        category("C0203", "道路护栏", "Guard rail", in: roadsAndTraffic, department: "municipal",
                 filing: ("护栏缺失、破损、倾倒或变形", "The rail is missing, broken, knocked down or bent"),
                 closing: ("护栏修复完好、连续", "The rail is repaired and continuous"),
                 handle: .workingDays(2)),
        category("C0204", "人行道板", "Sidewalk paving", in: roadsAndTraffic, department: "municipal",
                 filing: ("人行道板松动、破损、缺失或凹凸不平", "Paving slabs are loose, broken, missing or uneven"),
                 closing: ("人行道板铺装平整、完好", "The paving is level and whole"),
                 handle: .workingDays(3)),
        category("C0205", "盲道", "Tactile paving", in: roadsAndTraffic, department: "municipal",
                 filing: ("盲道砖破损、缺失或被占用中断", "Tactile paving is broken, missing, or blocked and interrupted"),
                 closing: ("盲道完好、连续、无障碍物", "The tactile path is whole, continuous and clear"),
                 handle: .workingDays(3)),
        category("C0206", "路名牌", "Street name plate", in: roadsAndTraffic, department: "city-management",
                 filing: ("路名牌缺失、破损、倾斜或字迹不清", "The plate is missing, damaged, leaning or illegible"),
                 closing: ("路名牌完好、端正、字迹清晰", "The plate is sound, upright and legible"),
                 handle: .workingDays(5), radius: 20),
        category("C0207", "人行天桥", "Pedestrian bridge", in: roadsAndTraffic, department: "municipal",
                 filing: ("天桥桥面、栏杆、梯道或照明破损", "The bridge's deck, railings, stairs or lighting are damaged"),
                 closing: ("天桥设施修复，通行安全", "The bridge is repaired and safe to cross"),
                 handle: .workingDays(3)),

        // 部件 · 03 市容环境
        category("C0301", "公共厕所", "Public toilet", in: cityscapeComponents, department: "sanitation",
                 filing: ("公厕设施损坏、脏污或无故关闭", "The toilet is damaged, dirty or closed without reason"),
                 closing: ("公厕设施完好、清洁并正常开放", "The toilet is sound, clean and open"),
                 handle: .workingHours(4)),
        category("C0302", "垃圾房", "Refuse collection point", in: cityscapeComponents, department: "sanitation",
                 filing: ("垃圾房破损、满溢或周边脏乱", "The refuse point is damaged, overflowing or littered around"),
                 closing: ("垃圾房完好，垃圾清运，周边整洁", "The refuse point is sound, emptied and tidy around"),
                 handle: .workingDays(1)),
        category("C0303", "果皮箱", "Litter bin", in: cityscapeComponents, department: "sanitation",
                 filing: ("果皮箱缺失、破损、满溢或倾倒", "The bin is missing, damaged, overflowing or knocked over"),
                 closing: ("果皮箱完好、清空并归位", "The bin is sound, emptied and back in place"),
                 handle: .workingDays(1), radius: 20),
        category("C0304", "广告牌匾", "Shop sign", in: cityscapeComponents, department: "city-management",
                 filing: ("牌匾破损、脱落、字迹残缺或有坠落风险", "The sign is damaged, loose, missing letters or at risk of falling"),
                 closing: ("牌匾修复或拆除，无安全隐患", "The sign is repaired or removed and poses no hazard"),
                 handle: .workingDays(3)),

        // 部件 · 04 园林绿化
        category("C0401", "行道树", "Street tree", in: landscaping, department: "landscaping",
                 filing: ("行道树缺株、枯死、倾斜或枝条妨碍通行", "A street tree is missing, dead or leaning, or its branches obstruct passage"),
                 closing: ("补植、扶正或修剪到位", "The tree is replanted, straightened or pruned"),
                 handle: .workingDays(2), radius: 20),
        category("C0402", "绿地", "Green space", in: landscaping, department: "landscaping",
                 filing: ("绿地黄土裸露、植被毁损或被占用", "Soil lies bare, plants are damaged, or the green space is occupied"),
                 closing: ("绿地复绿，恢复原状", "The green space is replanted and restored"),
                 handle: .workingDays(3)),
        category("C0403", "花坛", "Flower bed", in: landscaping, department: "landscaping",
                 filing: ("花坛破损、缺花或杂草丛生", "The bed is damaged, missing flowers or overgrown with weeds"),
                 closing: ("花坛修复，花卉补种整齐", "The bed is repaired and neatly replanted"),
                 handle: .workingDays(3)),
        category("C0404", "古树名木", "Heritage tree", in: landscaping, department: "forestry",
                 filing: ("古树名木受损、长势衰弱或保护设施破损", "The heritage tree is injured or declining, or its protection is damaged"),
                 closing: ("落实养护措施，保护设施完好", "Care measures are in place and the protection is intact"),
                 handle: .workingDays(1), radius: 20),

        // 事件 · 01 市容环境
        category("E0101", "暴露垃圾", "Exposed garbage", in: cityscapeEvents, department: "sanitation",
                 filing: ("道路或公共场所有散落、裸露的垃圾", "Refuse lies scattered or exposed on a road or in a public place"),
                 closing: ("垃圾清除，现场整洁", "The refuse is removed and the site is clean"),
                 handle: .workingHours(2)),
        category("E0102", "积存垃圾渣土", "Accumulated refuse and spoil", in: cityscapeEvents, department: "sanitation",
                 filing: ("垃圾或渣土长时间堆积未清运", "Refuse or spoil has piled up and not been removed"),
                 closing: ("积存垃圾渣土清运完毕", "The accumulated refuse and spoil are cleared away"),
                 handle: .workingDays(1)),
        category("E0103", "道路不洁", "Dirty road", in: cityscapeEvents, department: "sanitation",
                 filing: ("路面有明显污迹、泥沙或积尘", "The road surface shows obvious stains, mud or dust"),
                 closing: ("路面清扫干净", "The road surface is swept clean"),
                 handle: .workingHours(2)),
        category("E0104", "乱涂写乱张贴", "Graffiti and fly-posting", in: cityscapeEvents, department: "city-management",
                 filing: ("建筑物或设施上有涂写、刻画、张贴物", "Buildings or facilities carry graffiti, carvings or posted bills"),
                 closing: ("涂写张贴物清除，墙面恢复", "The graffiti and bills are removed and the surface is restored"),
                 handle: .workingDays(1)),
        category("E0105", "焚烧垃圾树叶", "Burning rubbish or leaves", in: cityscapeEvents, department: "law-enforcement",
                 filing: ("露天焚烧垃圾、树叶或其他废弃物", "Rubbish, leaves or other waste is burned in the open"),
                 closing: ("明火熄灭，残余物清理", "The fire is out and the remains are cleared"),
                 handle: .workingHours(1), camera: 0.9),
        category("E0106", "乱堆物堆料", "Stacked goods and materials", in: cityscapeEvents, department: "city-management",
                 filing: ("在道路或公共场所堆放物料、杂物", "Materials or clutter are stacked on a road or in a public place"),
                 closing: ("堆放物清除，场地恢复", "The stacked items are removed and the place is restored"),
                 handle: .workingDays(1)),
        category("E0107", "水域不洁", "Dirty waterway", in: cityscapeEvents, department: "sanitation",
                 filing: ("河道或水面有漂浮垃圾、油污", "Floating rubbish or oil lies on a river or other water"),
                 closing: ("水面漂浮物清理干净", "The floating waste is cleared from the water"),
                 handle: .workingDays(1)),

        // 事件 · 02 宣传广告
        category("E0201", "非法小广告", "Illegal small ads", in: advertising, department: "city-management",
                 filing: ("张贴、喷涂或刻写非法小广告", "Illegal small ads are posted, sprayed or stencilled"),
                 closing: ("小广告清除干净", "The small ads are removed"),
                 handle: .workingDays(1)),
        category("E0202", "违规户外广告", "Unauthorised outdoor advertising", in: advertising, department: "city-management",
                 filing: ("未经许可或超出许可范围设置户外广告", "An outdoor advert is put up without a permit or beyond it"),
                 closing: ("违规广告拆除或依法补办许可", "The advert is removed or lawfully permitted"),
                 handle: .workingDays(5), window: 72),
        category("E0203", "街头散发广告", "Street leafleting", in: advertising, department: owningStreet,
                 filing: ("在街头向行人散发广告品", "Adverts are handed out to passers-by in the street"),
                 closing: ("散发行为停止，散落广告清理", "The leafleting has stopped and dropped leaflets are cleared"),
                 handle: .workingHours(1)),

        // 事件 · 03 施工管理
        category("E0301", "违法搭建", "Illegal construction", in: construction, department: "law-enforcement",
                 filing: ("未经批准新建、扩建或搭建建筑物、构筑物", "A building or structure is built or extended without approval"),
                 closing: ("违法建筑拆除或依法处理完毕", "The illegal structure is demolished or dealt with according to law"),
                 handle: .workingDays(15), window: 72),
        category("E0302", "施工扰民", "Construction noise", in: construction, department: "law-enforcement",
                 filing: ("施工噪声超标或夜间违规施工", "Construction noise exceeds limits or work runs at night without a permit"),
                 closing: ("违规施工停止，噪声达标", "The unauthorised work has stopped and noise is within limits"),
                 handle: .workingHours(2)),
        category("E0303", "施工废弃料", "Construction waste", in: construction, department: "housing",
                 filing: ("施工废弃料堆放在工地外或未及时清运", "Construction waste lies outside the site or is not removed in time"),
                 closing: ("废弃料清运，现场整洁", "The waste is removed and the site is tidy"),
                 handle: .workingDays(1)),
        category("E0304", "道路挖掘", "Unauthorised road excavation", in: construction, department: "municipal",
                 filing: ("未经许可挖掘道路或挖掘后未及时恢复", "A road is dug up without a permit or not reinstated in time"),
                 closing: ("违规挖掘停止，路面恢复", "The digging has stopped and the road is reinstated"),
                 handle: .workingDays(1)),
        category("E0305", "工地扬尘", "Construction dust", in: construction, department: "housing",
                 filing: ("工地未覆盖、未洒水，扬尘明显", "A site is left uncovered or unwatered and raises visible dust"),
                 closing: ("覆盖洒水落实，扬尘得到控制", "Covers and watering are in place and the dust is controlled"),
                 handle: .workingHours(4)),
        category("E0306", "道路遗撒", "Spillage from vehicles", in: construction, department: "city-management",
                 filing: ("运输车辆沿途遗撒渣土或物料", "A haulage vehicle has spilled spoil or materials along the road"),
                 closing: ("遗撒物清除，路面干净", "The spillage is removed and the road is clean"),
                 handle: .workingHours(2)),

        // 事件 · 04 突发事件
        category("E0401", "道路塌陷", "Road collapse", in: emergencies, department: "municipal",
                 filing: ("路面出现塌陷、坑洞或明显沉降", "The road surface has collapsed, holed or visibly subsided"),
                 closing: ("现场安全处置，道路恢复通行", "The site is made safe and the road is reopened"),
                 handle: .minutes(240), emergency: true, radius: 100),
        category("E0402", "道路积水", "Waterlogging", in: emergencies, department: "drainage",
                 filing: ("路面积水影响车辆或行人通行", "Standing water on the road hinders vehicles or pedestrians"),
                 closing: ("积水排除，道路恢复通行", "The water has drained and the road is passable again"),
                 handle: .minutes(120), emergency: true, radius: 100),
        category("E0403", "供水管破裂", "Burst water main", in: emergencies, department: "municipal",
                 filing: ("供水管道破裂漏水或冒水", "A water main has burst and is leaking or gushing"),
                 closing: ("管道抢修完毕，恢复供水", "The main is repaired and supply is restored"),
                 handle: .minutes(240), emergency: true),
        category("E0404", "燃气泄漏", "Gas leak", in: emergencies, department: "emergency",
                 filing: ("发现燃气泄漏气味或燃气管道破损", "A smell of gas or a damaged gas pipe is found"),
                 closing: ("泄漏点封堵，现场安全", "The leak is sealed and the site is safe"),
                 handle: .minutes(60), emergency: true, radius: 100),
        category("E0405", "路面油污", "Oil spill on the road", in: emergencies, department: "sanitation",
                 filing: ("路面有油污，易致车辆或行人滑倒", "Oil on the road risks vehicles and people slipping"),
                 closing: ("油污清除，路面不再湿滑", "The oil is removed and the surface is no longer slippery"),
                 handle: .minutes(120), emergency: true),
        category("E0406", "火灾", "Fire", in: emergencies, department: "emergency",
                 filing: ("发现明火或浓烟", "Open flames or heavy smoke are seen"),
                 closing: ("火情扑灭，现场无复燃风险", "The fire is out and cannot flare up again"),
                 handle: .minutes(60), emergency: true, radius: 100, camera: 0.9),
        category("E0407", "树木倒伏", "Fallen tree", in: emergencies, department: "landscaping",
                 filing: ("树木倒伏或断枝阻碍通行、危及安全", "A fallen tree or broken branch blocks the way or endangers people"),
                 closing: ("倒伏树木清理，恢复通行", "The tree is cleared and passage is restored"),
                 handle: .minutes(120), emergency: true),
        category("E0408", "滑坡落石", "Landslide or rockfall", in: emergencies, department: "emergency",
                 filing: ("边坡出现滑坡、落石或明显裂缝", "A slope shows a slide, falling rocks or open cracks"),
                 closing: ("险情排除，或已设警戒并转入治理", "The danger is removed, or the area is cordoned off for remediation"),
                 handle: .minutes(240), emergency: true, radius: 100),
        category("E0409", "林区违规用火", "Unauthorised fire in woodland", in: emergencies, department: "forestry",
                 filing: ("林区或林缘违规烧荒、祭祀或野炊用火", "Fire is used in or near woodland without a permit: field burning, offerings, cooking"),
                 closing: ("火源熄灭，当事人已登记教育", "The fire is out and those responsible are recorded and cautioned"),
                 handle: .minutes(60), emergency: true, camera: 0.9),

        // 事件 · 05 街面秩序
        category("E0501", "占道经营", "Sidewalk vending", in: streetOrder, department: owningStreet,
                 filing: ("占用人行道或车行道经营，影响通行", "Trading on a sidewalk or carriageway that obstructs passage"),
                 closing: ("摊点撤离，现场恢复通行", "The stall has left and passage is restored"),
                 handle: .workingHours(1), camera: 0.9),
        category("E0502", "店外经营", "Trading outside a shop", in: streetOrder, department: owningStreet,
                 filing: ("商铺超出门窗在店外摆放、经营", "A shop displays or sells goods beyond its doors and windows"),
                 closing: ("店外物品收回，门前恢复通行", "The goods are back inside and the shopfront is passable"),
                 handle: .workingHours(2), camera: 0.9),
        category("E0503", "流动摊贩", "Mobile hawkers", in: streetOrder, department: owningStreet,
                 filing: ("流动商贩沿街叫卖或推车兜售", "Hawkers sell on foot or from carts along the street"),
                 closing: ("流动摊贩离开，现场无遗留", "The hawkers have gone and left nothing behind"),
                 handle: .workingHours(1), camera: 0.9),
        category("E0504", "机动车乱停放", "Illegal parking", in: streetOrder, department: "traffic-police",
                 filing: ("机动车停放在人行道、禁停路段或消防通道", "A motor vehicle is parked on a sidewalk, in a no-parking zone or in a fire lane"),
                 closing: ("车辆驶离或依法处理", "The vehicle has left or been dealt with according to law"),
                 handle: .workingHours(2)),
        category("E0505", "非机动车乱停放", "Disorderly bicycle parking", in: streetOrder, department: owningStreet,
                 filing: ("自行车、电动车无序停放，影响通行或市容", "Bicycles or e-bikes are parked in disorder, obstructing passage"),
                 closing: ("车辆规整摆放或清离", "The bikes are lined up or removed"),
                 handle: .workingHours(2)),
        category("E0506", "露天烧烤", "Outdoor barbecue", in: streetOrder, department: owningStreet,
                 filing: ("在露天场所烧烤经营，油烟扰民", "Barbecue is sold in the open and its smoke disturbs residents"),
                 closing: ("露天烧烤停止，设备撤离", "The barbecue has stopped and its equipment is gone"),
                 handle: .workingHours(1), camera: 0.9),
        category("E0507", "乞讨卖艺", "Begging and busking", in: streetOrder, department: owningStreet,
                 filing: ("在道路或公共场所乞讨、卖艺，影响通行秩序", "Begging or busking on a road or in a public place disrupts passage"),
                 closing: ("劝离或救助，现场秩序恢复", "The person is guided away or helped and order is restored"),
                 handle: .workingHours(2), camera: 0.9),
        category("E0508", "占道废品收购", "Scrap collection on the street", in: streetOrder, department: owningStreet,
                 filing: ("占用道路收购、堆放废品", "Scrap is bought or piled up on the road"),
                 closing: ("废品清离，道路恢复整洁", "The scrap is cleared and the road is tidy"),
                 handle: .workingHours(2)),

        // 事件 · 06 其他事件
        category("E0601", "商业噪声", "Commercial noise", in: other, department: "law-enforcement",
                 filing: ("商铺使用高音喇叭等招揽顾客，噪声扰民", "A shop draws customers with loudspeakers and disturbs residents"),
                 closing: ("噪声源关闭或音量达标", "The noise source is off or within limits"),
                 handle: .workingHours(2)),
        category("E0602", "房屋安全隐患", "Building safety hazard", in: other, department: "housing",
                 filing: ("房屋出现开裂、倾斜或外墙脱落等隐患", "A building shows cracks, tilting, a falling facade or similar hazards"),
                 closing: ("隐患排除，或已设警示并落实整改", "The hazard is removed, or it is signed and a rectification is under way"),
                 handle: .workingDays(1)),
        category("E0699", "其他事件", "Other problem", in: other, department: "city-management",
                 filing: ("不属于以上类别但影响城市管理的问题", "A city-management problem that fits no other category"),
                 closing: ("问题已处置，现场恢复正常", "The problem is dealt with and the site is back to normal"),
                 handle: .workingDays(3)),
    ]

    private static let publicFacilities = LocalizedText(zh: "公用设施", en: "Public facilities")
    private static let roadsAndTraffic = LocalizedText(zh: "道路交通", en: "Roads and traffic")
    private static let cityscapeComponents = LocalizedText(zh: "市容环境", en: "Cityscape and environment")
    private static let landscaping = LocalizedText(zh: "园林绿化", en: "Landscaping")
    private static let cityscapeEvents = LocalizedText(zh: "市容环境", en: "Cityscape and environment")
    private static let advertising = LocalizedText(zh: "宣传广告", en: "Advertising")
    private static let construction = LocalizedText(zh: "施工管理", en: "Construction management")
    private static let emergencies = LocalizedText(zh: "突发事件", en: "Emergencies")
    private static let streetOrder = LocalizedText(zh: "街面秩序", en: "Street order")
    private static let other = LocalizedText(zh: "其他事件", en: "Other")

    private static let coverFiling = ("井盖缺失、破损、移位或与路面高差明显",
                                      "The cover is missing, broken, displaced or clearly out of level with the road")
    private static let coverClosing = ("井盖完好归位，与路面平顺", "The cover is whole, in place and flush with the road")

    /// One catalogue entry; `nil` when `code` is not a valid `CategoryCode`. Emergencies get calendar-minute limits
    /// for accepting, dispatching and verifying; `handle` is the disposal limit; the other parameters default to the
    /// catalogue's usual 50 metres, 24 hours and 0.8 camera confidence.
    private static func category(_ code: String, _ zh: String, _ en: String, in major: LocalizedText,
                                 department: String, filing: (String, String), closing: (String, String),
                                 handle: WorkDuration, emergency: Bool = false, radius: Double = 50,
                                 window: Double = 24, camera: Double = 0.8) -> Category? {
        guard let code = CategoryCode(rawValue: code) else { return nil }
        let respond: WorkDuration = emergency ? .minutes(10) : .workingHours(1)
        let limits: [CaseStage: WorkDuration] = [
            .accept: respond, .dispatch: respond, .handle: handle,
            .verify: emergency ? .minutes(30) : .workingHours(2), .close: .workingHours(1),
        ]
        return Category(code: code, name: LocalizedText(zh: zh, en: en), majorName: major,
                        filingConditions: LocalizedText(zh: filing.0, en: filing.1),
                        closingConditions: LocalizedText(zh: closing.0, en: closing.1),
                        limits: limits, emergency: emergency, duplicateRadiusMetres: radius,
                        duplicateWindowHours: window, cameraConfidenceThreshold: camera,
                        defaultDepartment: department)
    }
}
