"""The staff groups of the college; their names are what administrators see."""

COURSE_EDITORS = "课程编辑"
TRAINING_ADMINISTRATORS = "培训管理员"
FORUM_MODERATORS = "论坛版主"
PLAN_REVIEW_WORKFLOW = "培训计划发布审核"
