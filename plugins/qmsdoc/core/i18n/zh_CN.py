"""Chinese (Simplified): the default language and the reference catalogue every other one must match."""

from __future__ import annotations

from . import Language

MESSAGES: dict[str, str] = {
    # running text
    "list.separator": "、",
    "list.or": " 或 ",
    # errors shown by the command line
    "error.shown": "{prefix}：{message}",
    "error.prefix.failed": "未完成",
    "error.prefix.usage": "用法错误",
    "error.prefix.edit": "无法修改源文件",
    "error.prefix.config": "配置错误",
    "error.prefix.site": "站点构建失败",
    # qmsdoc.yml
    "config.default_organisation": "受控文件",
    "config.today_invalid": "环境变量 QMSDOC_TODAY={value} 不是有效日期（应为 2024-03-01 形式）",
    "config.not_found": "未找到 qmsdoc 项目：{folder} 及其上级文件夹中都没有 {name}（请在项目文件夹中运行，或用路径参数指定项目）",
    "config.language_unknown": "{path}: 配置项 language 的值 {value} 无效：可选 {choices}",
    "config.unparsable": "{path}: 配置文件无法解析：{error}",
    "config.not_mapping": "{path}: 配置文件应为“键: 值”映射",
    "config.unknown_key": "{path}: 未知配置项 {key}",
    "config.wrong_type": "{path}: 配置项 {key} 应为 {type} 类型",
    "config.approvals_invalid": "{path}: 配置项 approvals 应为 {choices}，而不是 {value}",
    "config.clause_numbering_true": "{path}: clause_numbering 的值无效：应为 {choices} 之一。未加引号的 on、yes、true 在 YAML "
                                    "中是“是/否”值而不是模式名：请写成 clause_numbering: strict（off 可不加引号）",
    "config.extensions_unknown": "{path}: markdown_extensions 含有不支持的扩展 {names}：可用的扩展为 {choices}",
    "config.clause_numbering_invalid": "{path}: clause_numbering 的 {kind}: {value} 无效：应为 {choices}",
    "config.record_sections_invalid": "{path}: record_sections 应为章节标题列表，如 [质量记录, 记录]",
    "config.out_of_range": "{path}: 配置项 {key} 的值 {value} 超出范围：应在 {low} 到 {high} 之间",
    "config.bad_text": "{path}: 配置项 {key} 不能为空，也不能含有控制字符或超过 200 个字符",
    "config.required_sections_invalid": "{path}: required_sections 的 {kind} 应为标题列表的列表，如 - [目的] 或 - [适用范围, 范围]",
    # rules
    "rule.QD200.message": "正文中的“{text}”不能发布：{reason}（{seen}）。{fix}",
    "rule.QD200.hidden": "网站和 Word 副本都不会显示它",
    "rule.QD200.shown": "网站和 Word 副本上显示为文字“{text}”",
    "rule.QD200.fix": "请删除；如需显示尖括号文字，请写成 \\< 和 \\>",
    "rule.QD200.fix_tag": "这是写错的标签：请写成 {tag}；如需显示尖括号文字，请写成 \\< 和 \\>",
    # check
    "check.summary": "检查完成：{errors} 个错误，{warnings} 个警告",
}

LANGUAGE = Language(
    code="zh-CN",
    name="简体中文",
    theme="zh",
    search=("zh",),
    segment_han=True,
    html_lang="zh-CN",
    messages=MESSAGES,
    required_sections={
        "procedure": (("目的",), ("适用范围", "范围"), ("职责",), ("程序", "工作程序", "程序要点", "工作流程", "流程"),
                      ("质量记录", "记录")),
    },
    record_sections=("质量记录", "记录"),
    aliases=("zh", "zh-Hans", "zh-Hans-CN", "cn", "chinese"),
)
