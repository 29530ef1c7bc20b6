namespace Dashboard.Web.Simulation;

/// <summary>What grid workers report in the field: the categories, titles and notes the simulator draws from.</summary>
internal static class FieldCatalogue
{
    public static readonly WeightedChoice<int> Households = new((1, 45), (2, 25), (3, 15), (4, 10), (5, 5));

    public static readonly WeightedChoice<string> VisitCategories = new(
        ("独居老人", 30), ("低保户", 20), ("退役军人", 15), ("新市民", 15), ("一老一小", 20));

    public static readonly WeightedChoice<string> EventCategories = new(("志愿服务", 35), ("宣传", 30), ("义诊", 15), ("文体", 20));

    public static readonly string[] VisitNotes =
    [
        "了解家庭近况，已登记",
        "询问生活需求，无异常",
        "宣传防诈骗知识",
        "核实人口信息",
        "送达惠民政策明白纸",
    ];

    public static readonly string[] TrainingTopics =
    [
        "网格员业务培训",
        "消防安全培训",
        "反诈宣传培训",
        "垃圾分类培训",
        "应急救护培训",
        "矛盾纠纷调解培训",
    ];

    public static readonly WeightedChoice<string> CaseCategories = new(
        ("环境卫生", 25), ("市容秩序", 15), ("矛盾纠纷", 12), ("安全隐患", 15), ("便民服务", 15), ("紧急救助", 3), ("城市管理", 15));

    public static readonly IReadOnlyDictionary<string, string[]> CaseTitles = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["环境卫生"] = ["小区垃圾桶满溢未及时清运", "楼道堆放杂物", "路边积存建筑垃圾", "公共绿地散落生活垃圾", "下水道堵塞污水外溢"],
        ["市容秩序"] = ["沿街店铺占道经营", "违规设置户外广告牌", "流动摊贩占用人行道", "沿街晾晒影响市容"],
        ["矛盾纠纷"] = ["邻里噪音纠纷", "楼上漏水引发邻里矛盾", "物业服务纠纷", "停车位归属纠纷"],
        ["安全隐患"] = ["楼道内电动车充电", "消防通道被占用", "路面井盖破损", "老旧小区外墙瓷砖脱落"],
        ["便民服务"] = ["独居老人需协助预约就医", "居民咨询医保办理", "路灯不亮需报修", "协助办理居住证"],
        ["紧急救助"] = ["老人走失需协助寻找", "独居老人突发疾病", "居民家中疑似燃气泄漏"],
        ["城市管理"] = ["私搭乱建", "共享单车乱停放", "道路破损坑洼", "违规停车堵塞道路"],
    };

    public static readonly IReadOnlyDictionary<string, string> CaseHandlers = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["环境卫生"] = "环卫所",
        ["市容秩序"] = "综合执法中队",
        ["矛盾纠纷"] = "司法所",
        ["安全隐患"] = "应急管理办公室",
        ["便民服务"] = "社区居委会",
        ["紧急救助"] = "派出所",
        ["城市管理"] = "城管执法中队",
    };

    public static readonly string[] CaseDescriptions = ["网格员巡查发现，已拍照留存", "居民反映，网格员现场核实", "12345 热线转办，网格员已到场"];

    public static readonly string[] CancelReasons = ["重复上报", "经核实情况不属实", "已由其他部门处理"];

    public static readonly string[] RejectReasons = ["复查未通过：现场仍有问题", "复查未通过：整改不彻底"];

    public const string EscalateNote = "超出社区处置能力，提请上级协调";

    public const string ExtendNote = "需协调多个部门，申请延期";

    public const string ResolveNote = "已按要求处置完毕";

    public const string CloseNote = "复查合格，予以结案";

    /// <summary>Who dispatches, checks and closes the cases of a street: its command centre.</summary>
    public static string CommandCentreOf(string streetName) => $"{streetName}综治中心";
}
